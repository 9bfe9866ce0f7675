// The user's own files (claims, observed and extra resources), read as kubectl reads them: YAML 1.1
// as go-yaml v2 resolves it (validator/yaml11.ts); a path may be a file, a directory (every .yaml/.yml
// beneath it, sorted, like `kubectl apply -R -f`) or `-` for stdin.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonObject } from '../types';
import { InputError } from './input-error';
import { YAML11_PARSER, Yaml11Error, parseYaml11 } from '../../validator/yaml11';
import { cachedParse } from '../../validator/yaml-cache';

export interface InputDoc {
  /** The file ('-' for stdin) and the line the document starts on. */
  file: string;
  line: number;
  object: JsonObject;
}

export function yamlFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...yamlFilesUnder(p));
    else if (/\.ya?ml$/.test(entry.name)) out.push(p);
  }
  return out.sort();
}

function readText(file: string, stdin: () => string): string {
  if (file === '-') return stdin();
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`${file}: cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

/** The documents of one file (or stdin); empty documents are skipped, non-objects refused. */
export function readInputFile(file: string, stdin: () => string = () => readFileSync(0, 'utf8')): InputDoc[] {
  let docs;
  try {
    // Kept by content like dist/: a render reads the same onboarding files every run.
    docs = cachedParse('yaml11', YAML11_PARSER, readText(file, stdin), parseYaml11);
  } catch (e) {
    if (e instanceof Yaml11Error) throw new InputError(`${file}: invalid YAML${e.line === undefined ? '' : ` at line ${e.line}`}: ${e.message.replace(/^line \d+: /, '')}`);
    throw e;
  }
  const out: InputDoc[] = [];
  for (const d of docs) {
    if (d.value === null) continue;
    if (typeof d.value !== 'object' || Array.isArray(d.value)) throw new InputError(`${file}:${d.line}: every YAML document must be a Kubernetes object (a mapping)`);
    const o = d.value as JsonObject;
    if (typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') throw new InputError(`${file}:${d.line}: a document has no apiVersion/kind`);
    out.push({ file, line: d.line, object: o });
  }
  return out;
}

/** Files, directories and `-`, in the order given. */
export function readInputs(paths: string[], stdin?: () => string): InputDoc[] {
  return paths.flatMap((p) => {
    if (p !== '-') {
      let dir = false;
      try {
        dir = statSync(p).isDirectory();
      } catch (e) {
        throw new InputError(`${p}: cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
      }
      if (dir) return yamlFilesUnder(p).flatMap((f) => readInputFile(f, stdin));
    }
    return readInputFile(p, stdin);
  });
}
