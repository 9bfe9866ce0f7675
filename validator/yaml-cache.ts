// Parsed YAML kept on disk as JSON, keyed by the file's content. Parsing dist/ with the `yaml`
// library costs about 0.7 s per process (quiet machine) and every CLI run, render and test process
// reads the same unchanged files; JSON.parse of the same objects takes a few milliseconds. A cache
// entry is written only when the JSON form is exactly what the YAML parse produced (values JSON
// cannot carry, such as .nan or .inf, keep the file off the cache), so a hit is never different
// from parsing. ZTA_CACHE_DIR moves the cache; ZTA_CACHE=off turns it off.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import * as YAML from 'yaml';

// Part of every key: a different parser (or version of it) must never read another's entries.
const PARSER = `yaml@${(require('yaml/package.json') as { version: string }).version}:parseAllDocuments.toJS`;

export function cacheDir(): string | undefined {
  if (process.env.ZTA_CACHE === 'off') return undefined;
  return process.env.ZTA_CACHE_DIR ?? path.join(os.tmpdir(), 'zta-cache');
}

/** Every document of a YAML text, as `YAML.parseAllDocuments(text).map((d) => d.toJS())` returns them. */
export function parseYamlDocuments(text: string): unknown[] {
  return YAML.parseAllDocuments(text).map((d) => d.toJS() as unknown);
}

/** parseYamlDocuments of a file's text, read from the cache when the same text was parsed before. */
export function readYamlDocuments(file: string): unknown[] {
  return cachedParse(PARSER, fs.readFileSync(file, 'utf8'), parseYamlDocuments);
}

/**
 * `parse(text)`, read from the cache when the same parser parsed the same text before. `parser`
 * names the parser and its version: entries of another parser are never read. A parse that throws
 * is not kept.
 */
export function cachedParse<T>(parser: string, text: string, parse: (text: string) => T): T {
  const dir = cacheDir();
  if (!dir) return parse(text);
  const entry = path.join(dir, `yaml-${createHash('sha256').update(parser).update('\0').update(text).digest('hex').slice(0, 32)}.json`);
  try {
    return JSON.parse(fs.readFileSync(entry, 'utf8')) as T;
  } catch {
    // absent (or unreadable): parse and store
  }
  const parsed = parse(text);
  const json = JSON.stringify(parsed);
  if (json !== undefined && isDeepStrictEqual(JSON.parse(json), parsed)) {
    try {
      fs.mkdirSync(dir, { recursive: true });
      // Written under a temporary name and renamed: parallel processes never read half a file.
      const tmp = `${entry}.${process.pid}`;
      fs.writeFileSync(tmp, json);
      fs.renameSync(tmp, entry);
    } catch {
      // A read-only or full disk only costs the next process the parse.
    }
  }
  return parsed;
}
