// function-cel-filter's own unit tests, its documented example, and the behaviour of its code paths,
// translated as facts into test/fixtures/cel-filter/run-function.json (see the README there), run
// through the renderer's emulation.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { celFilter, CelFilterEmulationError } from '../../../renderer/functions/function-cel-filter';
import { compileFilterExpression, filterActivation, withPresenceFunction } from '../../../renderer/functions/cel-filter-expression';
import { defaultFunctions } from '../../../renderer/crossplane/crossplane';
import type { FunctionRequest, JsonObject, ResourceState, State } from '../../../renderer/types';
import { Ready } from '../../../renderer/types';

interface WireResource {
  resource?: JsonObject;
  connectionDetails?: Record<string, string>;
  ready?: string;
}
interface WireState {
  composite?: WireResource;
  resources?: Record<string, WireResource>;
}
interface WireResult {
  severity: string;
  message: string;
  target: string;
}
interface Case {
  name: string;
  request: { input?: JsonObject; observed?: WireState; desired?: WireState; context?: JsonObject };
  response: { desired?: WireState; results?: WireResult[]; context?: JsonObject; ttl: string };
}
interface Fixture {
  description: string;
  groups: { source: string; test: string; cases: Case[] }[];
  notExpressible: unknown[];
}

const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'cel-filter', 'run-function.json'), 'utf8')) as Fixture;

const READY: Record<string, Ready> = { READY_TRUE: Ready.True, READY_FALSE: Ready.False, READY_UNSPECIFIED: Ready.Unspecified };

function toResource(r: WireResource | undefined): ResourceState {
  const out: ResourceState = { resource: r?.resource ?? {} };
  if (r?.connectionDetails) out.connectionDetails = r.connectionDetails;
  if (r?.ready !== undefined) out.ready = READY[r.ready];
  return out;
}

function toState(s: WireState | undefined): State {
  const resources: State['resources'] = {};
  for (const [n, r] of Object.entries(s?.resources ?? {})) resources[n] = toResource(r);
  return { composite: toResource(s?.composite), resources };
}

/** A State as a protobuf message compares: empty maps and unset readiness are absent. */
function normalize(s: State): WireState {
  const res = (r: ResourceState): WireResource => ({
    resource: r.resource,
    ...(r.connectionDetails && Object.keys(r.connectionDetails).length > 0 ? { connectionDetails: r.connectionDetails } : {}),
    ...(r.ready !== undefined && r.ready !== Ready.Unspecified ? { ready: r.ready } : {}),
  });
  return {
    composite: res(s.composite),
    ...(Object.keys(s.resources).length > 0 ? { resources: Object.fromEntries(Object.entries(s.resources).map(([n, r]) => [n, res(r)])) } : {}),
  };
}

describe(fixture.description.split(' (')[0]!, () => {
  for (const group of fixture.groups) {
    describe(group.source, () => {
      for (const c of group.cases) {
        test(c.name, () => {
          const req: FunctionRequest = { observed: toState(c.request.observed), desired: toState(c.request.desired) };
          if (c.request.input !== undefined) req.input = c.request.input;
          if (c.request.context !== undefined) req.context = c.request.context;
          const rsp = celFilter(req);
          // Results always target the composite (response.Fatal); the renderer's Result has no target.
          for (const w of c.response.results ?? []) expect(w.target).toBe('TARGET_COMPOSITE');
          expect(c.response.ttl).toBe('60s');
          expect(rsp.results).toEqual((c.response.results ?? []).map(({ severity, message }) => ({ severity, message })));
          expect(normalize(rsp.desired)).toEqual(normalize(toState(c.response.desired)));
          expect(rsp.context ?? {}).toEqual(c.response.context ?? {});
        });
      }
    });
  }
  test('holds the two upstream cases and more than 40 in all', () => {
    expect(fixture.groups[0]!.cases.map((c) => c.name)).toEqual(['EmptyFiltersDoesNothing', 'BasicFilter']);
    expect(fixture.groups.flatMap((g) => g.cases).length).toBeGreaterThan(40);
  });
});

describe('emulation details', () => {
  const observed: State = { composite: { resource: { spec: { a: 1 } } }, resources: {} };
  const desired: State = { composite: { resource: {} }, resources: { x: { resource: { kind: 'X' } } } };

  test('is registered under both names a Composition can use', () => {
    const fns = defaultFunctions();
    expect(fns['function-cel-filter']).toBe(celFilter);
    expect(fns['crossplane-contrib-function-cel-filter']).toBe(celFilter);
  });

  test('has() calls are rewritten to the presence function with their operand text kept', () => {
    expect(withPresenceFunction('has(a.b.c) && x.all(k, has(k.f)) || has( {"q": 1} . q )')).toBe(
      '__celfilter_presence__(a.b, "c") && x.all(k, __celfilter_presence__(k, "f")) || __celfilter_presence__({"q": 1}, "q")',
    );
  });

  test('has() on a map value and on a Struct null keeps map semantics', () => {
    const r = compileFilterExpression('has({"q": 1}.q) && !has({"q": 1}.z) && has(observed.composite.resource.spec.n)');
    expect(r.ok && r.evaluate(filterActivation({ observed: { ...observed, composite: { resource: { spec: { n: null } } } }, desired }))).toEqual({ ok: true, value: true });
  });

  test('messages compare with proto equality', () => {
    const r = compileFilterExpression('observed == observed && observed.composite != desired.composite');
    expect(r.ok && r.evaluate(filterActivation({ observed, desired }))).toEqual({ ok: true, value: true });
  });

  test('an expression the renderer cannot run is an emulation error, not a fatal result', () => {
    const req: FunctionRequest = { observed, desired, input: { filters: [{ name: 'x', expression: 'apiextensions.fn.proto.v1.Resource{ready: 1}.ready == 1' }] } };
    expect(() => celFilter(req)).toThrow(CelFilterEmulationError);
    expect(() => celFilter(req)).toThrow('filter 0 ("apiextensions.fn.proto.v1.Resource{ready: 1}.ready == 1"): message construction (apiextensions.fn.proto.v1.Resource{...}) is not emulated by the renderer');
  });

  test('an expression cel-go accepts but the runtime cannot type is an emulation gap at compile time', () => {
    const r = compileFilterExpression('string(duration("1h")) == "3600s"');
    expect(r).toEqual({ ok: false, emulationGap: true, error: "the renderer's CEL runtime cannot run this expression: found no matching overload for 'string(google.protobuf.Duration)'" });
  });

  test('does not change the request it was given', () => {
    const req: FunctionRequest = { observed, desired: { composite: { resource: {} }, resources: { x: { resource: {} }, y: { resource: {} } } }, input: { filters: [{ name: 'x', expression: 'false' }] } };
    const rsp = celFilter(req);
    expect(Object.keys(rsp.desired.resources)).toEqual(['y']);
    expect(Object.keys(req.desired.resources)).toEqual(['x', 'y']);
  });

  test('a plain name filters exactly the resource of that name; a name with regexp syntax is a Go regexp', () => {
    const names = ['vpc', 'vpc2', 'avpc', 'vpc\n', 'VPC', 'vpc-a', 'vpc_a', 'flow-logs', 'flowXlogs', ''];
    const removed = (filter: string) => {
      const req: FunctionRequest = {
        observed, desired: { composite: { resource: {} }, resources: Object.fromEntries(names.map((n) => [n, { resource: {} }])) },
        input: { filters: [{ name: filter, expression: 'false' }] },
      };
      const kept = new Set(Object.keys(celFilter(req).desired.resources));
      return names.filter((n) => !kept.has(n));
    };
    // Literal names (the fast path): only the equal name, not a longer one or one before a newline.
    expect(removed('vpc')).toEqual(['vpc']);
    expect(removed('vpc-a')).toEqual(['vpc-a']);
    expect(removed('vpc_a')).toEqual(['vpc_a']);
    expect(removed('')).toEqual(['']);
    // Regexp names go through Go's regexp as before.
    expect(removed('flow.logs')).toEqual(['flow-logs', 'flowXlogs']);
    expect(removed('vpc.*')).toEqual(['vpc', 'vpc2', 'vpc-a', 'vpc_a']);
    expect(removed('(?i)vpc')).toEqual(['vpc', 'VPC']);
    // "^a|vpc$": anchored on its outer ends only.
    expect(removed('a|vpc')).toEqual(['vpc', 'avpc']);
  });
});
