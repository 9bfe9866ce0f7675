// Upstream's own unit tests, translated as facts into test/fixtures/pt/*.json (see the README there),
// run through the emulation: function-patch-and-transform v0.10.8 and the crossplane-runtime v2.1.0
// fieldpath package it pins.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  expandWildcards,
  FieldPathNotFoundError,
  getBool,
  getInteger,
  getString,
  getValue,
  isNotFound,
  parseFieldPath,
  segmentsToString,
  setValue,
  wrapCause,
  type Segment,
} from '../../../renderer/crossplane/fieldpath';
import {
  checkConversion,
  resolveConvertTransform,
  resolveMapTransform,
  resolveMatchTransform,
  resolveMathTransform,
  resolveStringTransform,
  resolveTransforms,
  validateTransform,
  type TransformValue,
} from '../../../renderer/functions/transforms';
import { applyCombinePatch, applyFromFieldPathPatch, composedTemplates } from '../../../renderer/functions/patches';
import { validateCombine, validatePatch } from '../../../renderer/functions/pt-validate';
import { validateReadinessCheck, isReady } from '../../../renderer/functions/ready';
import { connectionSecretRef, extractConnectionDetails, supportsConnectionDetails, validateConnectionDetail } from '../../../renderer/functions/connection';
import { patchAndTransform } from '../../../renderer/functions/function-patch-and-transform';
import { decodeResourcesInput, InputDecodeError } from '../../../renderer/functions/pt-input';
import type { FunctionRequest, Json, JsonObject, ResourceState, State } from '../../../renderer/types';

// ---------------------------------------------------------------------------------------------
// Fixture model

type Case = { name: string } & Record<string, unknown>;
interface Group {
  source: string;
  test: string;
  cases: Case[];
}
interface Fixture {
  description: string;
  groups: Group[];
  notExpressible: { test: string; name: string; reason: string }[];
}

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'pt');
const load = (file: string): Fixture => JSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8')) as Fixture;

/** Fixture values: {"$int64": "N"} is a Go int64 (bigint here); every other number is a float64. */
function goValue(v: unknown): TransformValue {
  if (Array.isArray(v)) return v.map((e) => goValue(e) as Json);
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Object.keys(o).length === 1 && typeof o.$int64 === 'string') return BigInt(o.$int64);
    const out: JsonObject = {};
    for (const [k, e] of Object.entries(o)) out[k] = goValue(e) as Json;
    return out;
  }
  return v as Json;
}
const goObject = (v: unknown): JsonObject => (v === null || v === undefined ? {} : (goValue(v) as JsonObject));

/**
 * The wire form: a patched object leaves the function as a protobuf Struct, where an int64 and a
 * float64 of the same value are the same number. Patch outputs are compared in this form.
 */
function wire(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(wire);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, wire(e)]));
  return v;
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error, got none');
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Our validators render a k8s field.Error as "<field>: Required value: ..." or "<field>: Invalid value: ...". */
function fieldErrorOf(text: string | undefined): { type: string; field: string } | null {
  if (text === undefined) return null;
  const m = /^(.*?): (Required value|Invalid value)/.exec(text);
  if (!m) throw new Error(`not a field error: ${text}`);
  return { type: m[2] === 'Required value' ? 'FieldValueRequired' : 'FieldValueInvalid', field: m[1]! };
}

/** Runs `fn` and checks either its output or the expected error (message, and not-found-ness if stated). */
function expectOutcome<T>(c: Case, fn: () => T, check: (out: T) => void): void {
  if (typeof c.error === 'string') {
    const err = thrown(fn);
    expect(message(err)).toBe(c.error);
    if (c.notFound === true) expect(isNotFound(err)).toBe(true);
    return;
  }
  if (c.fieldError !== undefined && c.fieldError !== null) {
    expect(fieldErrorOf(message(thrown(fn)))).toEqual(c.fieldError);
    return;
  }
  check(fn());
}

function runGroups(file: string, handlers: Record<string, (c: Case) => void>): void {
  const fixture = load(file);
  describe(`${file}: ${fixture.description.split(' (')[0]}`, () => {
    for (const group of fixture.groups) {
      const handler = handlers[group.test];
      describe(group.source, () => {
        test('has a handler', () => expect(handler).toBeDefined());
        for (const c of group.cases) test(c.name, () => handler!(c));
      });
    }
    test('every case the translation could not express says why', () => {
      for (const n of fixture.notExpressible) expect(n.reason.length).toBeGreaterThan(20);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// crossplane-runtime fieldpath

const toSegment = (s: { field?: string; index?: number }): Segment =>
  s.index !== undefined ? { type: 'index', index: s.index } : s.field === '*' ? { type: 'wildcard' } : { type: 'field', field: s.field! };

runGroups('fieldpath.json', {
  TestSegments: (c) => expect(segmentsToString((c.segments as { field?: string; index?: number }[]).map(toSegment))).toBe(c.string),
  TestFieldOrIndex: (c) => expect(parseFieldPath(`[${c.input as string}]`)).toEqual([toSegment(c.segment as { field?: string; index?: number })]),
  TestParse: (c) =>
    expectOutcome(c, () => parseFieldPath(c.path as string), (segments) =>
      expect(segments).toEqual((c.segments as { field?: string; index?: number }[]).map(toSegment)),
    ),
  TestIsNotFound: (c) => {
    // The three upstream errors: a not-found error, one wrapped by errors.Wrap, and a plain one.
    const err =
      c.error === 'boom' && c.notFound ? new FieldPathNotFoundError('boom') : c.notFound ? wrapCause(new FieldPathNotFoundError('boom'), 'because reasons') : new Error('boom');
    expect(message(err)).toBe(c.error);
    expect(isNotFound(err)).toBe(c.notFound);
  },
  TestGetValue: (c) => expectOutcome(c, () => getValue(goObject(c.data), c.path as string), (v) => expect(v).toEqual(goValue(c.value))),
  TestGetString: (c) => expectOutcome(c, () => getString(goObject(c.data), c.path as string), (v) => expect(v).toBe(c.value)),
  TestGetBool: (c) => expectOutcome(c, () => getBool(goObject(c.data), c.path as string), (v) => expect(v).toBe(c.value)),
  TestGetInteger: (c) => expectOutcome(c, () => getInteger(goObject(c.data), c.path as string), (v) => expect(v).toBe(goValue(c.value))),
  TestSetValue: (c) => {
    const object = goObject(c.data);
    const want = c.want as { object: unknown; error?: string };
    expectOutcome({ ...c, ...want }, () => setValue(object, c.path as string, goValue(c.value)), () => undefined);
    expect(wire(object)).toEqual(wire(goValue(want.object)));
  },
  TestExpandWildcards: (c) =>
    // Upstream sorts both sides: Go map iteration order is random.
    expectOutcome(c, () => expandWildcards(goObject(c.data), c.path as string), (paths) =>
      expect([...paths].sort()).toEqual([...(c.expanded as string[])].sort()),
    ),
  TestMergeValue: (c) => {
    const object = goObject(c.object);
    const mo = c.mergeOptions as { keepMapValues?: boolean; appendSlice?: boolean } | null;
    setValue(object, c.path as string, goValue(c.value), mo ?? undefined);
    expect(object).toEqual(goValue((c.want as { object: unknown }).object));
  },
});

// ---------------------------------------------------------------------------------------------
// Transforms

runGroups('transforms.json', {
  TestMapResolve: (c) => expectOutcome(c, () => resolveMapTransform(goObject(c.map), goValue(c.input)), (v) => expect(v).toEqual(goValue(c.output))),
  TestMatchResolve: (c) => expectOutcome(c, () => resolveMatchTransform(goObject(c.match), goValue(c.input)), (v) => expect(v).toEqual(goValue(c.output))),
  TestMathResolve: (c) => expectOutcome(c, () => resolveMathTransform(goObject(c.math), goValue(c.input)), (v) => expect(v).toEqual(goValue(c.output))),
  TestStringResolve: (c) => expectOutcome(c, () => resolveStringTransform(goObject(c.string), goValue(c.input)), (v) => expect(v).toBe(c.output)),
  TestConvertResolve: (c) => expectOutcome(c, () => resolveConvertTransform(goObject(c.convert), goValue(c.input)), (v) => expect(v).toEqual(goValue(c.output))),
  TestConvertTransformGetConversionFunc: (c) => expectOutcome(c, () => checkConversion(goObject(c.convert), c.fromType as string), () => undefined),
  TestResolveTransforms: (c) =>
    expectOutcome(c, () => resolveTransforms(c.transforms as JsonObject[], goValue(c.input)), (v) => expect(v).toEqual(goValue(c.output))),
});

// ---------------------------------------------------------------------------------------------
// Validation: upstream compares only the field error's type and field.

const expectFieldError = (got: string | undefined, c: Case) => expect(fieldErrorOf(got)).toEqual(c.fieldError);

runGroups('validate.json', {
  TestValidateReadinessCheck: (c) => expectFieldError(validateReadinessCheck(goObject(c.readinessCheck))?.message, c),
  TestValidateConnectionDetail: (c) => expectFieldError(validateConnectionDetail(goObject(c.connectionDetail))?.message, c),
  TestValidatePatch: (c) => expectFieldError(validatePatch(goObject(c.patch)), c),
  TestValidateCombine: (c) => expectFieldError(validateCombine(goObject(c.combine)), c),
  TestValidateTransform: (c) => expectFieldError(validateTransform(goObject(c.transform)), c),
});

// ---------------------------------------------------------------------------------------------
// Patches

function patchCase(apply: (p: JsonObject, from: JsonObject, to: JsonObject) => void) {
  return (c: Case) => {
    const to = goObject(c.to);
    const want = c.want as { to: unknown; error?: string; notFound?: boolean };
    expectOutcome({ ...c, ...want }, () => apply(c.patch as JsonObject, goObject(c.from), to), () => undefined);
    if (want.to !== null) expect(wire(to)).toEqual(wire(goValue(want.to)));
  };
}

runGroups('patches.json', {
  TestApplyFromFieldPathPatch: patchCase(applyFromFieldPathPatch),
  TestApplyCombineFromVariablesPatch: patchCase(applyCombinePatch),
  TestComposedTemplates: (c) => {
    const want = c.want as { templates?: JsonObject[]; error?: string };
    expectOutcome({ ...c, ...want }, () => composedTemplates(c.patchSets as JsonObject[], c.templates as JsonObject[]), (templates) =>
      expect(templates).toEqual(want.templates),
    );
  },
});

// ---------------------------------------------------------------------------------------------
// Readiness and connection details

runGroups('ready.json', {
  TestIsReady: (c) => {
    const run = () => isReady(goObject(c.observed), c.checks as JsonObject[]);
    if (typeof c.error === 'string') expect(message(thrown(run))).toBe(c.error);
    else expect(run()).toBe(c.ready);
  },
});

runGroups('connection.json', {
  TestExtractConnectionDetails: (c) =>
    expectOutcome(c, () => extractConnectionDetails(goObject(c.observed), c.connectionDetails as Record<string, string>, c.configs as JsonObject[]), (got) =>
      expect(got).toEqual(c.extracted),
    ),
  TestGetConnectionSecretRef: (c) => {
    const run = () => connectionSecretRef(c.xr as JsonObject, (c.input as JsonObject | null) ?? undefined);
    if (c.anyError === true) expect(thrown(run)).toBeInstanceOf(Error);
    else expect(run()).toEqual(c.ref);
  },
  TestSupportsConnectionDetails: (c) => expect(supportsConnectionDetails(c.xr as JsonObject)).toBe(c.supportsConnectionDetails),
});

// ---------------------------------------------------------------------------------------------
// RunFunction

interface WireResource {
  resource?: JsonObject;
  connectionDetails?: Record<string, string>;
  ready?: string;
}
interface WireState {
  composite?: WireResource;
  resources?: Record<string, WireResource>;
}

const READY: Record<string, ResourceState['ready']> = { READY_TRUE: 'READY_TRUE' as ResourceState['ready'], READY_FALSE: 'READY_FALSE' as ResourceState['ready'] };

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
function normalizeState(s: State): WireState {
  const res = (r: ResourceState): WireResource => {
    const out: WireResource = { resource: wire(r.resource) as JsonObject };
    if (r.connectionDetails && Object.keys(r.connectionDetails).length > 0) out.connectionDetails = r.connectionDetails;
    if (r.ready !== undefined && r.ready !== 'READY_UNSPECIFIED') out.ready = r.ready;
    return out;
  };
  const out: WireState = { composite: res(s.composite) };
  if (Object.keys(s.resources).length > 0) out.resources = Object.fromEntries(Object.entries(s.resources).map(([n, r]) => [n, res(r)]));
  return out;
}

runGroups('run-function.json', {
  TestRunFunction: (c) => {
    const r = c.request as { input?: JsonObject; observed?: WireState; desired?: WireState; context?: JsonObject };
    const want = c.response as { desired?: WireState; results?: { severity: string; message: string; target: string }[]; context?: JsonObject };
    const req: FunctionRequest = { observed: toState(r.observed), desired: toState(r.desired) };
    if (r.input !== undefined) req.input = r.input;
    if (r.context !== undefined) req.context = r.context;
    const rsp = patchAndTransform(req);
    // P&T targets every result at the composite only; the renderer's Result does not model targets.
    for (const w of want.results ?? []) expect(w.target).toBe('TARGET_COMPOSITE');
    expect(rsp.results.map((x) => ({ severity: x.severity, message: x.message }))).toEqual((want.results ?? []).map(({ severity, message: m }) => ({ severity, message: m })));
    expect(normalizeState(rsp.desired)).toEqual(normalizeState(toState(want.desired)));
    expect(rsp.context ?? {}).toEqual(want.context ?? {});
  },
});

// ---------------------------------------------------------------------------------------------
// Input decoding (function-sdk-go GetInput): the decoder's message, and the fatal result around it.

runGroups('input-decoding.json', {
  GetInput: (c) => {
    const input = c.input as JsonObject;
    const rsp = patchAndTransform({ input, observed: { composite: { resource: { apiVersion: 'example.org/v1', kind: 'XR' } }, resources: {} }, desired: { composite: { resource: {} }, resources: {} } });
    const fatal = rsp.results.filter((r) => r.severity === 'Fatal').map((r) => r.message);
    if (c.accepted === true) {
      expect(() => decodeResourcesInput(input)).not.toThrow();
      expect(fatal.filter((m) => m.startsWith('cannot get Function input'))).toEqual([]);
      return;
    }
    const err = thrown(() => decodeResourcesInput(input));
    expect(err).toBeInstanceOf(InputDecodeError);
    expect(message(err)).toBe(c.decoderError);
    expect(fatal).toEqual([c.fatal]);
  },
});

test('a map key named __proto__ is kept as data by the input decoder', () => {
  const input = JSON.parse('{"metadata":{"labels":{"__proto__":"x"}},"resources":[{"name":"cd","base":{"kind":"CD"}}]}') as JsonObject;
  const labels = (decodeResourcesInput(input).metadata as JsonObject).labels as JsonObject;
  expect(Object.keys(labels)).toEqual(['__proto__']);
  expect(Object.getPrototypeOf(labels)).toBe(Object.prototype);
});
