// The on-disk JSON form of parsed YAML (validator/yaml-cache.ts) must read back exactly what the
// YAML parser returns, for every file the renderer and the CLI load through it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as YAML from 'yaml';
import { readInputFile } from '../../renderer/cli/input';
import { readYamlDocuments } from '../../validator/yaml-cache';
import { parseYaml11 } from '../../validator/yaml11';
import { readPackage } from '../../validator/package';

const root = path.resolve(__dirname, '..', '..');

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml')).sort().map((f) => path.join(dir, f));
}

describe('readYamlDocuments (parsed YAML cached as JSON by content)', () => {
  let dir: string;
  const saved = { dir: process.env.ZTA_CACHE_DIR, off: process.env.ZTA_CACHE };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zta-yaml-cache-test-'));
    process.env.ZTA_CACHE_DIR = dir;
    delete process.env.ZTA_CACHE;
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    if (saved.dir === undefined) delete process.env.ZTA_CACHE_DIR;
    else process.env.ZTA_CACHE_DIR = saved.dir;
    if (saved.off !== undefined) process.env.ZTA_CACHE = saved.off;
  });

  test('every file of dist/ and deploy/onboarding/ reads back from the cache equal to the YAML parse', () => {
    const files = [...yamlFiles(path.join(root, 'dist')), ...yamlFiles(path.join(root, 'deploy', 'onboarding'))];
    expect(files.length).toBeGreaterThan(50);
    for (const f of files) readYamlDocuments(f);
    // One entry per distinct content: all of them were cacheable.
    const distinct = new Set(files.map((f) => fs.readFileSync(f, 'utf8')));
    expect(fs.readdirSync(dir).filter((e) => e.endsWith('.json'))).toHaveLength(distinct.size);
    for (const f of files) {
      const parsed = YAML.parseAllDocuments(fs.readFileSync(f, 'utf8')).map((d) => d.toJS());
      expect({ f, docs: readYamlDocuments(f) }).toStrictEqual({ f, docs: parsed });
    }
  });

  test('readPackage(dist) is the same through the cache as without it', () => {
    const cached = readPackage(path.join(root, 'dist'));
    expect(readPackage(path.join(root, 'dist'))).toStrictEqual(cached);
    process.env.ZTA_CACHE = 'off';
    expect(readPackage(path.join(root, 'dist'))).toStrictEqual(cached);
  });

  test('a hit is the stored entry: the same text in another file reads the entry, a changed text does not', () => {
    const a = path.join(dir, 'a.yaml');
    fs.writeFileSync(a, 'kind: A\nn: 1\n---\nkind: B\n');
    expect(readYamlDocuments(a)).toEqual([{ kind: 'A', n: 1 }, { kind: 'B' }]);
    const [entry] = fs.readdirSync(dir).filter((e) => e.endsWith('.json'));
    // Tamper with the entry: a read of the same content comes from it (proves the cache is read).
    fs.writeFileSync(path.join(dir, entry!), JSON.stringify([{ kind: 'FromCache' }]));
    expect(readYamlDocuments(a)).toEqual([{ kind: 'FromCache' }]);
    fs.writeFileSync(a, 'kind: A\nn: 2\n');
    expect(readYamlDocuments(a)).toEqual([{ kind: 'A', n: 2 }]);
  });

  test('values JSON cannot carry (.nan, .inf) are parsed every time, never cached', () => {
    const a = path.join(dir, 'nan.yaml');
    fs.writeFileSync(a, 'x: .nan\ny: .inf\n');
    expect(readYamlDocuments(a)).toEqual([{ x: NaN, y: Infinity }]);
    expect(fs.readdirSync(dir).filter((e) => e.endsWith('.json'))).toEqual([]);
  });

  test("the CLI's input files (read as kubectl reads them) come back from the cache equal to the parse, under another key than the yaml library's", () => {
    // The suite computes yaml11 parses afresh (jest.config.js); this test is about the cache.
    const skip = process.env.ZTA_CACHE_SKIP;
    delete process.env.ZTA_CACHE_SKIP;
    try {
      inputFilesThroughTheCache();
    } finally {
      process.env.ZTA_CACHE_SKIP = skip;
    }
  });

  function inputFilesThroughTheCache(): void {
    const files = [...yamlFiles(path.join(root, 'examples')), ...yamlFiles(path.join(root, 'deploy', 'onboarding'))];
    const fresh = files.map((f) => readInputFile(f));
    const entries = fs.readdirSync(dir).filter((e) => e.endsWith('.json'));
    expect(entries.length).toBeGreaterThan(5);
    expect(files.map((f) => readInputFile(f))).toStrictEqual(fresh);
    // The same text parsed by the yaml library is another entry, never the YAML 1.1 one.
    readYamlDocuments(files[0]!);
    expect(fs.readdirSync(dir).filter((e) => e.endsWith('.json')).length).toBe(entries.length + 1);
    // YAML 1.1 scalars are what the cache keeps: `yes` is true and 010 is 8 on a hit too.
    const a = path.join(dir, 'yaml11.yaml');
    fs.writeFileSync(a, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {on: yes, k: 010}\n');
    expect(parseYaml11(fs.readFileSync(a, 'utf8'))[0]!.value).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { true: true, k: 8 } });
    expect(readInputFile(a)[0]!.object).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { true: true, k: 8 } });
    expect(readInputFile(a)[0]!.object).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { true: true, k: 8 } });
  }

  test('ZTA_CACHE_SKIP: a listed kind is computed every time and never written', () => {
    expect(process.env.ZTA_CACHE_SKIP?.split(',')).toContain('yaml11');
    readInputFile(path.join(root, 'deploy', 'onboarding', 'organization.yaml'));
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('ZTA_CACHE=off writes nothing', () => {
    process.env.ZTA_CACHE = 'off';
    const a = path.join(dir, 'a.yaml');
    fs.writeFileSync(a, 'kind: A\n');
    expect(readYamlDocuments(a)).toEqual([{ kind: 'A' }]);
    expect(fs.readdirSync(dir)).toEqual(['a.yaml']);
  });
});
