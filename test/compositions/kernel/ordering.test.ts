// createdAfter: a composed resource is desired only once its prerequisite sibling is observed to
// exist, through function-cel-filter (run here by the emulated function, as the renderer runs it).
import { ComposedResource, Condition, createdAfter, ownCondition, when } from '../../../compositions';
import { celFilter } from '../../../renderer/functions/function-cel-filter';
import { FILTERS_API_VERSION, FILTERS_KIND } from '../../../renderer/functions/cel-filter-input';
import type { FunctionRequest } from '../../../renderer/types';
import { Role } from '../../../imports/iam.aws.upbound.io';
import { scratchChart } from '../../support/scratch-chart';

const resource = (name: string) => new ComposedResource(scratchChart(), { name, kind: Role, forProvider: {} });

function run(expression: string, observed: Record<string, unknown>): string[] {
  const req = {
    observed: { composite: { resource: { spec: { parameters: { on: true } } } }, resources: observed },
    desired: { composite: { resource: {} }, resources: { channel: { resource: {} }, recorder: { resource: {} } } },
    input: { apiVersion: FILTERS_API_VERSION, kind: FILTERS_KIND, filters: [{ name: 'channel', expression }] },
  } as unknown as FunctionRequest;
  const res = celFilter(req);
  expect(res.results ?? []).toEqual([]);
  return Object.keys(res.desired.resources).sort();
}

describe('createdAfter', () => {
  const channel = createdAfter(resource('channel'), 'recorder');
  const expression = ownCondition(channel)!.expression;

  test('the dependent is filtered out until the prerequisite is observed with status.atProvider.id', () => {
    expect(run(expression, {})).toEqual(['recorder']);
    expect(run(expression, { recorder: { resource: { metadata: { name: 'r' } } } })).toEqual(['recorder']);
    expect(run(expression, { recorder: { resource: { status: { atProvider: {} } } } })).toEqual(['recorder']);
    expect(run(expression, { recorder: { resource: { status: { atProvider: { id: 'zta-recorder-dev' } } } } })).toEqual(['channel', 'recorder']);
  });

  test('adds to a feature condition instead of replacing it, and refuses waiting for itself or for nothing', () => {
    const on = Condition.observed('flag', ['status', 'ready']);
    const both = createdAfter(when(resource('rule'), on), 'recorder');
    expect(ownCondition(both)!.expression).toBe(`(${on.expression}) && (${Condition.observed('recorder').expression})`);
    expect(() => createdAfter(resource('loop'), 'loop')).toThrow("createdAfter('loop'): a resource cannot wait for itself");
    expect(() => createdAfter(resource('none'))).toThrow("createdAfter('none'): name at least one prerequisite");
    expect(() => Condition.observed('not-a-name')).toThrow("'not-a-name' is not a composition resource name");
  });
});

test('a misspelled prerequisite fails synth, naming the waiting resource and the missing sibling (it would never be created)', () => {
  const chart = scratchChart();
  new ComposedResource(chart, { name: 'trailLogGroup', kind: Role, forProvider: {} });
  createdAfter(new ComposedResource(chart, { name: 'trail', kind: Role, forProvider: {} }), 'trailLogGrup');
  expect(chart.node.validate()).toEqual(expect.arrayContaining([
    "XScratch: composed resource 'trail' waits to observe sibling 'trailLogGrup' (createdAfter / Condition.observed), but this composition composes no resource named 'trailLogGrup': it would never be created",
  ]));
  const fixed = scratchChart();
  const group = new ComposedResource(fixed, { name: 'trailLogGroup', kind: Role, forProvider: {} });
  createdAfter(new ComposedResource(fixed, { name: 'trail', kind: Role, forProvider: {} }), group);
  expect(fixed.node.validate().filter((p) => p.includes('waits to observe'))).toEqual([]);
});
