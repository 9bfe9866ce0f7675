// The synth-time lint of function-cel-filter input: what the function would make fatal on every run,
// and what it would accept but silently never apply.
import { hasTopLevelAlternation, lintCelFilterInput } from '../../../renderer/functions/cel-filter-lint';
import type { JsonObject } from '../../../renderer/types';

const lint = (input: unknown, composed?: string[]) => lintCelFilterInput(input as JsonObject, composed).map((p) => `${p.path}: ${p.message.split('\n')[0]}`);

test('a well-formed input has no problem', () => {
  expect(lint({ apiVersion: 'cel.fn.crossplane.io/v1beta1', kind: 'Filters', filters: [{ name: 'bucket', expression: 'has(observed.composite.resource.spec.export)' }] }, ['bucket'])).toEqual([]);
});

test('decoder problems are reported with the text that would fail the run', () => {
  expect(lint({ filters: [{ Name: 'bucket', expression: 'true' }] })).toEqual([
    'filters[0].Name: unknown field (did you mean "name"? names are case-sensitive); function-cel-filter fails the run with: json: cannot unmarshal Go value of type v1beta1.Filter: unknown name "Name"',
    'filters[0].name: is required: without it the filter is the regexp ^$ and matches no composed resource',
  ]);
});

test('names and expressions the function would refuse, or that could never apply', () => {
  expect(
    lint(
      {
        filters: [
          { name: '(', expression: 'true' },
          { name: 'bucket', expression: '' },
          { name: 'bucket', expression: 'observed.composite.resource.spec.export' },
          { name: 'bucket|table', expression: 'true' },
          { name: 'queue', expression: 'true' },
        ],
      },
      ['bucket', 'table'],
    ),
  ).toEqual([
    'filters[0].name: the function compiles ^($ and fails every run: error parsing regexp: missing closing ): `^($`',
    'filters[1].expression: is required: an empty expression fails to parse on every run',
    'filters[2].expression: fails every run: expression "observed.composite.resource.spec.export" must return a boolean, but will return dyn instead',
    'filters[3].name: becomes ^bucket|table$, which anchors only the first alternative at the start and the last at the end; write (bucket|table)',
    'filters[4].name: matches no composed resource of this composition (composed: bucket, table), so the filter never applies',
  ]);
});

test('an expression the renderer cannot run is reported as such', () => {
  expect(lint({ filters: [{ name: 'b', expression: 'apiextensions.fn.proto.v1.Resource{}.ready == 0' }] })).toEqual([
    'filters[0].expression: message construction (apiextensions.fn.proto.v1.Resource{...}) is not emulated by the renderer',
  ]);
});

test('top-level alternation ignores groups, classes and escapes', () => {
  expect(['a|b', '(a)|b', 'x(a|b)', '[|]', 'a\\|b', '(a|b)'].map(hasTopLevelAlternation)).toEqual([true, true, false, false, false, false]);
});

test('a name without metacharacters is matched as itself, exactly as its regexp (a group around it) would match', () => {
  const composed = ['bucket', 'bucket2', 'Bucket', 'log-bucket', 'my_bucket', 'a-b'];
  for (const name of ['bucket', 'Bucket', 'bucke', 'ucket', 'log-bucket', 'my_bucket', 'a-b', 'queue', '2']) {
    const literal = lint({ filters: [{ name, expression: 'true' }] }, composed);
    expect(literal).toEqual(lint({ filters: [{ name: `(${name})`, expression: 'true' }] }, composed));
    expect(literal.length).toBe(composed.includes(name) ? 0 : 1);
  }
});
