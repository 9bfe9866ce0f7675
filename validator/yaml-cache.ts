// Parsed YAML kept on disk as JSON (disk-cache.ts), keyed by the parser and the file's content.
// Parsing dist/ with the `yaml` library costs about 0.7 s per process (quiet machine) and every CLI
// run, render and test process reads the same unchanged files; JSON.parse of the same objects takes
// a few milliseconds.
import * as fs from 'node:fs';
import * as YAML from 'yaml';
import { cachedJson } from './disk-cache';

// Part of every key: a different parser (or version of it) must never read another's entries.
const PARSER = `yaml@${(require('yaml/package.json') as { version: string }).version}:parseAllDocuments.toJS`;

/** Every document of a YAML text, as `YAML.parseAllDocuments(text).map((d) => d.toJS())` returns them. */
export function parseYamlDocuments(text: string): unknown[] {
  return YAML.parseAllDocuments(text).map((d) => d.toJS() as unknown);
}

/** parseYamlDocuments of a file's text, read from the cache when the same text was parsed before. */
export function readYamlDocuments(file: string): unknown[] {
  return cachedParse('yaml', PARSER, fs.readFileSync(file, 'utf8'), parseYamlDocuments);
}

/**
 * `parse(text)`, read from the cache when the same parser parsed the same text before. `parser`
 * names the parser and its version: entries of another parser are never read; `kind` names its
 * entries (see ZTA_CACHE_SKIP). A parse that throws is not kept.
 */
export function cachedParse<T>(kind: string, parser: string, text: string, parse: (text: string) => T): T {
  return cachedJson(kind, [parser, text], () => parse(text));
}
