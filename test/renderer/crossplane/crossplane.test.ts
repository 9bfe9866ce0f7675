import type { CompositionFunction, JsonObject, State } from '../../../renderer/types';
import { Ready } from '../../../renderer/types';
import {
  CompositionError, applyCompositeStatus, compositeReadyCondition, renderComposedMetadata, resourceRefs, runPipeline, selectComposition,
  stableNAndSomeMore, syncClaimToComposite, syncCompositeToClaim, xrdInfo,
} from '../../../renderer/crossplane/crossplane';

const XR_API = 'test.zta.example.org/v1alpha1';

function composition(name: string, labels: Record<string, string> = {}, kind = 'XKeyedBucket'): JsonObject {
  return {
    apiVersion: 'apiextensions.crossplane.io/v1', kind: 'Composition', metadata: { name, labels },
    spec: { compositeTypeRef: { apiVersion: XR_API, kind }, mode: 'Pipeline', pipeline: [{ step: 'a', functionRef: { name: 'fn-a' } }] },
  };
}

function xr(spec: JsonObject = {}): JsonObject {
  return { apiVersion: XR_API, kind: 'XKeyedBucket', metadata: { name: 'my-xr', uid: 'uid-1' }, spec };
}

const xrd: JsonObject = {
  apiVersion: 'apiextensions.crossplane.io/v1', kind: 'CompositeResourceDefinition', metadata: { name: 'x' },
  spec: {
    group: 'test.zta.example.org', names: { kind: 'XKeyedBucket' }, claimNames: { kind: 'KeyedBucket' },
    versions: [{ name: 'v1alpha1', served: true, referenceable: true }],
  },
};

describe('selectComposition', () => {
  const all = [composition('aws', { provider: 'aws' }), composition('aws-eu', { provider: 'aws', region: 'eu' }), composition('other', {}, 'XOther')];

  it('uses spec.compositionRef', () => {
    expect(selectComposition(xr({ compositionRef: { name: 'aws-eu' } }), all).metadata).toMatchObject({ name: 'aws-eu' });
  });

  it('errors when compositionRef names a missing Composition', () => {
    expect(() => selectComposition(xr({ compositionRef: { name: 'nope' } }), all)).toThrow(
      'XKeyedBucket/my-xr (test.zta.example.org/v1alpha1): spec.compositionRef names Composition "nope" not found (loaded: aws, aws-eu, other)',
    );
  });

  it('errors when compositionRef names a Composition of another type', () => {
    expect(() => selectComposition(xr({ compositionRef: { name: 'other' } }), all)).toThrow(/composes XOther/);
  });

  it('uses spec.compositionSelector.matchLabels', () => {
    expect(selectComposition(xr({ compositionSelector: { matchLabels: { region: 'eu' } } }), all).metadata).toMatchObject({ name: 'aws-eu' });
  });

  it('rejects a selector matching several Compositions, naming them', () => {
    expect(() => selectComposition(xr({ compositionSelector: { matchLabels: { provider: 'aws' } } }), all)).toThrow(
      'XKeyedBucket/my-xr (test.zta.example.org/v1alpha1): spec.compositionSelector.matchLabels {"provider":"aws"} matches 2 Compositions: aws, aws-eu; make the selector match exactly one',
    );
  });

  it('rejects a selector matching nothing', () => {
    expect(() => selectComposition(xr({ compositionSelector: { matchLabels: { provider: 'gcp' } } }), all)).toThrow(/matches no Composition for XKeyedBucket \(candidates: aws, aws-eu\)/);
  });

  it('falls back to the only Composition of the type', () => {
    expect(selectComposition(xr(), [all[0]!, all[2]!]).metadata).toMatchObject({ name: 'aws' });
  });

  it('rejects several Compositions of the type, naming them', () => {
    expect(() => selectComposition(xr(), all)).toThrow(
      'XKeyedBucket/my-xr (test.zta.example.org/v1alpha1): 2 Compositions have compositeTypeRef test.zta.example.org/v1alpha1 XKeyedBucket: aws, aws-eu; set spec.compositionRef or spec.compositionSelector',
    );
  });

  it('rejects a type no Composition composes', () => {
    expect(() => selectComposition(xr(), [all[2]!])).toThrow(CompositionError);
    expect(() => selectComposition(xr(), [all[2]!])).toThrow('no Composition has compositeTypeRef test.zta.example.org/v1alpha1 XKeyedBucket');
  });

  it('honours the XRD defaultCompositionRef before the type fallback', () => {
    const withDefault = xrdInfo({ ...xrd, spec: { ...(xrd.spec as JsonObject), defaultCompositionRef: { name: 'aws-eu' } } });
    expect(selectComposition(xr(), all, withDefault).metadata).toMatchObject({ name: 'aws-eu' });
  });
});

describe('runPipeline', () => {
  const observed: State = { composite: { resource: xr() }, resources: {} };
  const addBucket: CompositionFunction = (req) => ({
    desired: { ...req.desired, resources: { ...req.desired.resources, bucket: { resource: { apiVersion: 's3.aws.upbound.io/v1beta2', kind: 'Bucket' } } } },
    results: [{ severity: 'Normal', message: 'added bucket' }],
    context: { seen: 'a' },
  });
  const markReady: CompositionFunction = (req) => ({
    desired: { ...req.desired, resources: Object.fromEntries(Object.entries(req.desired.resources).map(([k, v]) => [k, { ...v, ready: Ready.True }])) },
    results: [{ severity: 'Warning', message: `context ${String(req.context?.seen)}` }],
  });
  const fatal: CompositionFunction = (req) => ({ desired: req.desired, results: [{ severity: 'Fatal', message: 'boom' }] });

  function comp(...fns: string[]): JsonObject {
    return { metadata: { name: 'c' }, spec: { mode: 'Pipeline', pipeline: fns.map((f, i) => ({ step: `s${i}`, functionRef: { name: f } })) } };
  }

  it('feeds desired state and context from step to step and tags results with the step', () => {
    const out = runPipeline(comp('add', 'ready'), observed, { add: addBucket, ready: markReady });
    expect(out.desired.resources.bucket?.ready).toBe(Ready.True);
    expect(out.results).toEqual([
      { severity: 'Normal', message: 'added bucket', step: 's0' },
      { severity: 'Warning', message: 'context a', step: 's1' },
    ]);
    expect(out.fatal).toBeUndefined();
  });

  it('stops at a Fatal result', () => {
    const out = runPipeline(comp('fatal', 'add'), observed, { add: addBucket, fatal });
    expect(out.fatal).toEqual({ severity: 'Fatal', message: 'boom', step: 's0' });
    expect(out.desired.resources).toEqual({});
  });

  it('hands each function the state as it is, and under ZTA_RENDER_CHECKS=1 (set for the suite) a function that writes to its request is an internal error', () => {
    expect(process.env.ZTA_RENDER_CHECKS).toBe('1');
    const seen: State[] = [];
    const record: CompositionFunction = (req) => (seen.push(req.observed), addBucket(req));
    runPipeline(comp('record'), observed, { record });
    expect(seen[0]).toBe(observed);
    const labelObserved: CompositionFunction = (req) => {
      ((req.observed.composite.resource.metadata as JsonObject).labels as JsonObject | undefined ?? ((req.observed.composite.resource.metadata as JsonObject).labels = {}))['touched'] = 'yes';
      return addBucket(req);
    };
    const mine = structuredClone(observed);
    expect(() => runPipeline(comp('add', 'label'), mine, { add: addBucket, label: labelObserved }))
      .toThrow('internal error: function "label" (step "s1" of Composition "c") changed its request; a function returns new state and never writes to what it is given');
    const dropDesired: CompositionFunction = (req) => {
      delete (req.desired.resources as Record<string, unknown>).bucket;
      return { desired: req.desired, results: [] };
    };
    expect(() => runPipeline(comp('add', 'drop'), observed, { add: addBucket, drop: dropDesired })).toThrow(/^internal error: function "drop" \(step "s1"/);
  });

  it('names an unknown function clearly', () => {
    expect(() => runPipeline(comp('function-go-templating'), observed, { add: addBucket })).toThrow(
      'Composition "c" step "s0": function "function-go-templating" is not emulated by the renderer (emulated: add)',
    );
  });
});

describe('composed resource metadata', () => {
  it('sets generateName, annotation, labels, controller ref and the Crossplane name', () => {
    const parent = { ...xr(), metadata: { name: 'my-xr', uid: '75e4a668-035f-4ce8-8c45-f4d3ac850155', labels: { 'crossplane.io/composite': 'cool-resource', 'crossplane.io/claim-name': 'c', 'crossplane.io/claim-namespace': 'ns' } } };
    const cd = renderComposedMetadata({ apiVersion: 'kms.aws.upbound.io/v1beta1', kind: 'Key' }, parent, 'database');
    expect(cd.metadata).toEqual({
      generateName: 'cool-resource-',
      name: 'cool-resource-38ce86992a27',
      annotations: { 'crossplane.io/composition-resource-name': 'database' },
      labels: { 'crossplane.io/composite': 'cool-resource', 'crossplane.io/claim-name': 'c', 'crossplane.io/claim-namespace': 'ns' },
      ownerReferences: [{ apiVersion: XR_API, kind: 'XKeyedBucket', name: 'my-xr', uid: '75e4a668-035f-4ce8-8c45-f4d3ac850155', controller: true, blockOwnerDeletion: true }],
    });
  });

  it('keeps the name of an existing composed resource and adds no claim labels without a claim', () => {
    const parent = { ...xr(), metadata: { name: 'my-xr', uid: 'u', labels: { 'crossplane.io/composite': 'my-xr' } } };
    const cd = renderComposedMetadata({ kind: 'Key', apiVersion: 'kms.aws.upbound.io/v1beta1' }, parent, 'key', 'my-xr-existing');
    expect((cd.metadata as JsonObject).name).toBe('my-xr-existing');
    expect((cd.metadata as JsonObject).labels).toEqual({ 'crossplane.io/composite': 'my-xr' });
  });
});

describe('spec.resourceRefs', () => {
  // UpdateResourceRefs: sort.Slice by ri.APIVersion+ri.Kind+ri.Name < rj.APIVersion+rj.Kind+rj.Name.
  it('orders refs as Crossplane does: apiVersion, kind and name concatenated, compared as bytes', () => {
    const cd = (apiVersion: string, kind: string, name: string): JsonObject => ({ apiVersion, kind, metadata: { name }, spec: {} });
    const refs = resourceRefs([
      cd('s3.aws.upbound.io/v1beta1', 'Bucket', 'a'),
      cd('iam.aws.upbound.io/v1beta1', 'Role', 'x-b'),
      cd('iam.aws.upbound.io/v1beta1', 'Role', 'x-B'),
      cd('iam.aws.upbound.io/v1beta1', 'Policy', 'z'),
      cd('iam.aws.upbound.io/v1beta1', 'Role', 'x_a'),
    ]);
    // The apiVersion decides first (a kind-then-name collation put Bucket first); then the kind;
    // then the name by byte: 'B' (0x42) < 'b' (0x62), '-' (0x2d) < '_' (0x5f).
    expect(refs).toEqual([
      { apiVersion: 'iam.aws.upbound.io/v1beta1', kind: 'Policy', name: 'z' },
      { apiVersion: 'iam.aws.upbound.io/v1beta1', kind: 'Role', name: 'x-B' },
      { apiVersion: 'iam.aws.upbound.io/v1beta1', kind: 'Role', name: 'x-b' },
      { apiVersion: 'iam.aws.upbound.io/v1beta1', kind: 'Role', name: 'x_a' },
      { apiVersion: 's3.aws.upbound.io/v1beta1', kind: 'Bucket', name: 'a' },
    ]);
  });
});

describe('XR status and readiness', () => {
  it('reports unready resources like Crossplane', () => {
    const desired: State = {
      composite: { resource: {} },
      resources: { d: { resource: {} }, a: { resource: {}, ready: Ready.True }, c: { resource: {} }, b: { resource: {}, ready: Ready.False }, e: { resource: {} } },
    };
    expect(compositeReadyCondition(desired)).toMatchObject({ type: 'Ready', status: 'False', reason: 'Creating', message: 'Unready resources: b, c, d, and 1 more' });
    expect(stableNAndSomeMore(['z', 'y', 'x'])).toBe('x, y, and z');
    expect(stableNAndSomeMore(['b', 'a'])).toBe('a, b');
  });

  it('is Available when every desired resource is READY_TRUE', () => {
    expect(compositeReadyCondition({ composite: { resource: {} }, resources: { a: { resource: {}, ready: Ready.True } } })).toMatchObject({ status: 'True', reason: 'Available' });
  });

  it('keeps only status from the desired composite', () => {
    const x = xr({ parameters: { a: 1 } });
    x.status = { old: 'gone', conditions: [{ type: 'Synced', status: 'True' }] };
    applyCompositeStatus(x, { composite: { resource: { spec: { parameters: { a: 2 } }, status: { keyArn: 'arn' } } }, resources: {} });
    expect(x.spec).toEqual({ parameters: { a: 1 } });
    expect(x.status).toEqual({ keyArn: 'arn', conditions: [{ type: 'Synced', status: 'True' }] });
  });
});

describe('claim <-> XR binding', () => {
  const info = xrdInfo(xrd);
  function claim(): JsonObject {
    return {
      apiVersion: XR_API, kind: 'KeyedBucket',
      metadata: { name: 'audit', namespace: 'team-a', uid: 'claim-uid', labels: { team: 'a', 'app.kubernetes.io/name': 'x' }, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', owner: 'sec' } },
      spec: { parameters: { bucketName: 'b' }, compositionSelector: { matchLabels: { provider: 'aws' } }, writeConnectionSecretToRef: { name: 's' }, compositeDeletePolicy: 'Foreground' },
    };
  }

  it('creates the XR from the claim', () => {
    const cm = claim();
    const x = syncClaimToComposite(cm, info);
    const name = (x.metadata as JsonObject).name as string;
    expect(name).toMatch(/^audit-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(x).toEqual({
      apiVersion: XR_API, kind: 'XKeyedBucket',
      metadata: {
        name,
        labels: { team: 'a', 'crossplane.io/claim-name': 'audit', 'crossplane.io/claim-namespace': 'team-a' },
        annotations: { owner: 'sec' },
      },
      spec: {
        parameters: { bucketName: 'b' }, compositionSelector: { matchLabels: { provider: 'aws' } },
        claimRef: { apiVersion: XR_API, kind: 'KeyedBucket', name: 'audit', namespace: 'team-a' },
      },
    });
    expect((cm.spec as JsonObject).resourceRef).toEqual({ apiVersion: XR_API, kind: 'XKeyedBucket', name });
  });

  it('keeps the bound XR name and the XR controller fields on later syncs', () => {
    const cm = claim();
    const first = syncClaimToComposite(cm, info);
    (first.spec as JsonObject).compositionRef = { name: 'aws' };
    (first.spec as JsonObject).resourceRefs = [{ apiVersion: 'v', kind: 'K', name: 'n' }];
    first.status = { keyArn: 'arn:k' };
    const second = syncClaimToComposite(cm, info, first);
    expect((second.metadata as JsonObject).name).toBe((first.metadata as JsonObject).name);
    expect(second.spec).toMatchObject({ compositionRef: { name: 'aws' }, resourceRefs: [{ name: 'n' }] });
    expect(second.status).toEqual({ keyArn: 'arn:k' });
  });

  it('copies XR status back to the claim, minus Crossplane machinery', () => {
    const cm = claim();
    const x = syncClaimToComposite(cm, info);
    (x.spec as JsonObject).compositionRef = { name: 'aws' };
    x.status = { keyArn: 'arn:k', conditions: [{ type: 'Ready', status: 'True' }], connectionDetails: { lastPublishedTime: 't' } };
    syncCompositeToClaim(cm, x);
    expect(cm.status).toEqual({
      keyArn: 'arn:k',
      conditions: [
        { type: 'Synced', status: 'True', reason: 'ReconcileSuccess', lastTransitionTime: '2024-01-01T00:00:00Z' },
        { type: 'Ready', status: 'True', reason: 'Available', lastTransitionTime: '2024-01-01T00:00:00Z' },
      ],
    });
    expect((cm.spec as JsonObject).compositionRef).toEqual({ name: 'aws' });
  });

  it('marks the claim Waiting while the XR is not ready', () => {
    const cm = claim();
    const x = syncClaimToComposite(cm, info);
    syncCompositeToClaim(cm, x);
    expect((cm.status as JsonObject).conditions).toContainEqual(expect.objectContaining({ type: 'Ready', status: 'False', reason: 'Waiting' }));
  });
});
