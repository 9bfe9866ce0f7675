// Every string, list and map an XRD declares is bounded. The API server prices each CEL rule by the
// largest value its inputs can hold: an unbounded string counts as the whole 3 MiB request and an
// unbounded list or map as filling it, which is how the claim CRD once blew the 100M budget.
import * as path from 'node:path';
import { readPackage } from '../../validator/package';

type Node = Record<string, any>;

/** Data paths (".spec.parameters.x[*]") of schema nodes missing their bound. */
function unbounded(node: Node, at = ''): string[] {
  const out: string[] = [];
  if (node.type === 'string' && typeof node.maxLength !== 'number') out.push(`${at}: string without maxLength`);
  if (node.type === 'array' && typeof node.maxItems !== 'number') out.push(`${at}: list without maxItems`);
  if (node.type === 'object' && typeof node.additionalProperties === 'object' && typeof node.maxProperties !== 'number') out.push(`${at}: map without maxProperties`);
  for (const [k, v] of Object.entries((node.properties ?? {}) as Record<string, Node>)) out.push(...unbounded(v, `${at}.${k}`));
  if (node.items) out.push(...unbounded(node.items as Node, `${at}[*]`));
  if (typeof node.additionalProperties === 'object') out.push(...unbounded(node.additionalProperties as Node, `${at}{*}`));
  return out;
}

const xrds = readPackage(path.resolve(__dirname, '..', '..', 'dist'))
  .map((p) => p.object)
  .filter((o) => o.kind === 'CompositeResourceDefinition');

describe('XRD schemas are bounded', () => {
  test.each(xrds.map((x) => [x.metadata.name as string, x]))('%s: every string has maxLength, every list maxItems, every map maxProperties', (_name, xrd) => {
    const problems = (xrd.spec.versions as Node[]).flatMap((v) => unbounded(v.schema.openAPIV3Schema as Node));
    expect(problems).toEqual([]);
  });

  test('the check finds a string, list and map left unbounded', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' }, b: { type: 'array', items: { type: 'string', maxLength: 3 } }, c: { type: 'object', additionalProperties: { type: 'string' } } } };
    expect(unbounded(schema)).toEqual(['.a: string without maxLength', '.b: list without maxItems', '.c: map without maxProperties', '.c{*}: string without maxLength']);
  });
});
