// Upstream's own unit tests, translated as facts into test/fixtures/environment-configs/ (see the
// README there), run through the emulation: function-environment-configs v0.7.1 and the Crossplane
// v2.0.3 requirements loop that feeds it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { environmentConfigs, sortByFieldPath } from '../../../renderer/functions/function-environment-configs';
import { FunctionRunError, MAX_REQUIREMENTS_ITERATIONS, fetcherOver, runWithRequirements } from '../../../renderer/functions/required-resources';
import type { FunctionRequest, FunctionResponse, JsonObject, Requirements, ResourceSelector, Result } from '../../../renderer/types';

type Case = { name: string } & Record<string, unknown>;
interface Fixture {
  groups: { source: string; test: string; cases: Case[] }[];
  notExpressible: { test: string; name: string; reason: string }[];
}

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'environment-configs');
const load = (file: string): Fixture => JSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8')) as Fixture;
const group = (f: Fixture, test: string): Case[] => f.groups.find((g) => g.test === test)!.cases;

const runFunction = load('run-function.json');
const loop = load('requirements-loop.json');

describe('function-environment-configs v0.7.1 fn_test.go TestRunFunction', () => {
  interface RunCase extends Case {
    request: { observed: JsonObject; input: JsonObject; context?: JsonObject; requiredResources?: Record<string, JsonObject[]> };
    want: { results: Pick<Result, 'severity'>[]; requirements: Requirements; context?: JsonObject; messageFromSource?: string };
  }
  const cases = group(runFunction, 'TestRunFunction') as RunCase[];

  test('all seven upstream cases are translated', () => {
    expect(cases.map((c) => c.name)).toEqual([
      'RequestEnvironmentConfigs', 'RequestEnvironmentConfigsFound', 'RequestEnvironmentConfigsNotFoundRequired',
      'SelectorWithOptionalFieldPathNotProvided', 'SelectorSingleModeWithOptionalFieldPathNotProvided', 'MergeEnvironmentConfigs', 'ToFieldPath',
    ]);
  });

  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const req: FunctionRequest = {
      observed: { composite: { resource: c.request.observed }, resources: {} },
      desired: { composite: { resource: {} }, resources: {} },
      input: c.request.input,
      ...(c.request.context ? { context: c.request.context } : {}),
      ...(c.request.requiredResources ? { requiredResources: c.request.requiredResources } : {}),
    };
    const rsp = environmentConfigs(req);
    expect(rsp.results.map((r) => ({ severity: r.severity }))).toEqual(c.want.results);
    if (c.want.messageFromSource) expect(rsp.results[0]!.message).toBe(c.want.messageFromSource);
    expect(rsp.requirements).toEqual(c.want.requirements);
    // Upstream's responses carry no context unless the function set one (the requests had none).
    expect(rsp.context).toEqual(c.want.context);
  });
});

describe('function-environment-configs v0.7.1 fn_test.go TestSortRequiredByFieldPath', () => {
  const cases = group(runFunction, 'TestSortRequiredByFieldPath') as (Case & { resources: JsonObject[]; path: string; want?: JsonObject[]; wantError?: boolean })[];

  test('all seven upstream cases are translated', () => expect(cases).toHaveLength(7));

  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    if (c.wantError) {
      expect(() => sortByFieldPath(c.resources, c.path)).toThrow();
      return;
    }
    expect(sortByFieldPath(c.resources, c.path)).toEqual(c.want);
  });

  test('the errors are the function\'s own', () => {
    const byName = Object.fromEntries(cases.map((c) => [c.name, c]));
    expect(() => sortByFieldPath(byName.InconsistentTypeSortByInt!.resources, 'data.someInt')).toThrow('cannot sort values of different types "float64" and "string"');
    expect(() => sortByFieldPath(byName.EmptyPath!.resources, '')).toThrow('cannot sort by empty field path');
  });
});

describe('Crossplane v2.0.3 required_resources_test.go TestFetchingFunctionRunner', () => {
  interface Call {
    response?: FunctionResponse;
    error?: string;
    expectRequest?: { requiredResources?: Record<string, JsonObject[]>; extraResources?: Record<string, JsonObject[]> };
  }
  interface LoopCase extends Case {
    initialRequest: { requiredResources?: Record<string, JsonObject[]> };
    calls: Call[];
    fetch?: { items?: JsonObject[]; error?: string };
    wantResponse?: FunctionResponse;
    wantError?: boolean;
    wantCalls: number;
  }
  const cases = group(loop, 'TestFetchingFunctionRunner') as LoopCase[];

  test('all seven upstream cases are translated', () => expect(cases).toHaveLength(7));

  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const seen: FunctionRequest[] = [];
    const fn = (req: FunctionRequest): FunctionResponse => {
      seen.push(structuredCloneJson(req));
      const call = c.calls[Math.min(seen.length - 1, c.calls.length - 1)]!;
      if (call.error) throw new FunctionRunError(call.error);
      return { ...call.response!, desired: req.desired };
    };
    const fetch = (_sel: ResourceSelector): JsonObject[] | null => {
      if (c.fetch?.error) throw new Error(c.fetch.error);
      return c.fetch?.items ?? [];
    };
    const req: FunctionRequest = { observed: { composite: { resource: {} }, resources: {} }, desired: { composite: { resource: {} }, resources: {} }, ...c.initialRequest };
    if (c.wantError) {
      expect(() => runWithRequirements(fn, req, fetch)).toThrow(FunctionRunError);
    } else {
      const rsp = runWithRequirements(fn, req, fetch);
      expect({ results: rsp.results, ...(rsp.requirements ? { requirements: rsp.requirements } : {}) }).toEqual(c.wantResponse);
    }
    expect(seen).toHaveLength(c.wantCalls);
    c.calls.forEach((call, i) => {
      if (!call.expectRequest) return;
      expect(seen[i]!.requiredResources ?? {}).toEqual(call.expectRequest.requiredResources ?? {});
      expect(seen[i]!.extraResources ?? {}).toEqual(call.expectRequest.extraResources ?? {});
    });
  });

  test('the limit is upstream\'s: at most MaxRequirementsIterations + 1 calls, then the error it words', () => {
    expect(MAX_REQUIREMENTS_ITERATIONS).toBe(5);
    let n = 0;
    const fn = (req: FunctionRequest): FunctionResponse => ({ desired: req.desired, results: [], requirements: { resources: { x: { apiVersion: 'v1', kind: `K${n++}` } } } });
    expect(() => runWithRequirements(fn, { observed: { composite: { resource: {} }, resources: {} }, desired: { composite: { resource: {} }, resources: {} } }, () => []))
      .toThrow("requirements didn't stabilize after the maximum number of iterations (5)");
    expect(n).toBe(6);
  });
});

describe('Crossplane v2.0.3 required_resources_test.go TestExistingRequiredResourcesFetcherFetch', () => {
  const cases = group(loop, 'TestExistingRequiredResourcesFetcherFetch') as (Case & { cluster: JsonObject[]; selector: ResourceSelector; want: JsonObject[] | null })[];

  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(fetcherOver(() => c.cluster)(c.selector)).toEqual(c.want);
  });

  test('the cases upstream mocks a failing API client for are listed as not expressible', () => {
    expect(loop.notExpressible.map((n) => n.name)).toEqual(['ErrorMatchName', 'ErrorMatchLabels']);
  });
});

function structuredCloneJson<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}
