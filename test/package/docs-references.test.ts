// The hand-written guides stay true to the code: every file they link or name exists, and every
// composite IMPLEMENTATION.md names is one the package defines. A rename or a flattened composite
// fails here until the guide follows.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readPackage } from '../../validator/package';
import { DIAGRAMS_DIR } from '../../scripts/diagrams';

const root = path.resolve(__dirname, '..', '..');
const GUIDES = ['IMPLEMENTATION.md', 'docs/adding-a-domain.md'];

/** Relative link targets (no URL, no pure anchor) and backticked repository paths of a Markdown file. */
function referencedPaths(file: string): string[] {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  const links = [...text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!).filter((t) => !/^[a-z]+:/.test(t))
    .map((t) => path.join(path.dirname(file), t));
  const named = [...text.matchAll(/`((?:charts|compositions|renderer|validator|scripts|test|docs|examples|deploy|imports)\/[\w./-]+)`/g)].map((m) => m[1]!)
    // A placeholder such as charts/example.ts or test/charts/example.test.ts is the newcomer's file.
    .filter((p) => !/(^|\/)example(\.test)?\.ts$/.test(p) && !p.includes('*'));
  return [...new Set([...links, ...named])];
}

test.each(GUIDES)('%s: every linked or named file exists', (file) => {
  const refs = referencedPaths(file);
  expect(refs.length).toBeGreaterThan(5);
  expect(refs.filter((r) => !fs.existsSync(path.join(root, r)))).toEqual([]);
});

test('IMPLEMENTATION.md links both generated diagrams', () => {
  const refs = referencedPaths('IMPLEMENTATION.md');
  expect(refs).toEqual(expect.arrayContaining([`${DIAGRAMS_DIR}/architecture.md`, `${DIAGRAMS_DIR}/dependencies.md`]));
});

test('every composite IMPLEMENTATION.md names is an XRD of dist/', () => {
  const kinds = new Set(readPackage(path.join(root, 'dist')).filter((o) => o.object.kind === 'CompositeResourceDefinition').map((o) => o.object.spec.names.kind as string));
  const named = [...new Set([...fs.readFileSync(path.join(root, 'IMPLEMENTATION.md'), 'utf8').matchAll(/`(X[A-Z][A-Za-z]+)`/g)].map((m) => m[1]!))];
  expect(named.length).toBeGreaterThan(3);
  expect(named.filter((k) => !kinds.has(k))).toEqual([]);
});
