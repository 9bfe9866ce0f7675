import type { CompositionFunction, JsonObject, ResourceState } from '../../renderer/types';
import { Ready } from '../../renderer/types';
import { render } from '../../renderer/render';

// A hand-written stand-in for P&T + auto-ready, so these tests exercise only the loop:
// input.resources [{name, base}] become desired resources; input.toComposite copies observed
// fields into the desired XR status; a resource is ready when its observed Ready is True.
const compose: CompositionFunction = (req) => {
  const input = req.input ?? {};
  const resources: Record<string, ResourceState> = {};
  for (const r of (input.resources as JsonObject[] | undefined) ?? []) {
    const n = String(r.name);
    const observed = req.observed.resources[n]?.resource;
    const ready = ((observed?.status as JsonObject | undefined)?.conditions as JsonObject[] | undefined)?.some((c) => c.type === 'Ready' && c.status === 'True');
    resources[n] = { resource: structuredClone(r.base as JsonObject), ...(ready ? { ready: Ready.True } : {}) };
  }
  const status: JsonObject = {};
  for (const t of (input.toComposite as JsonObject[] | undefined) ?? []) {
    const o = req.observed.resources[String(t.resource)]?.resource;
    const v = ((o?.status as JsonObject | undefined)?.atProvider as JsonObject | undefined)?.[String(t.field)];
    if (v !== undefined) status[String(t.to)] = v;
  }
  return { desired: { composite: { resource: { status } }, resources }, results: [] };
};
const functions = { compose };

const XR_API = 'test.zta.example.org/v1alpha1';

function xrd(kind: string, claimKind?: string): JsonObject {
  return {
    apiVersion: 'apiextensions.crossplane.io/v1', kind: 'CompositeResourceDefinition', metadata: { name: `${kind.toLowerCase()}s.test.zta.example.org` },
    spec: { group: 'test.zta.example.org', names: { kind }, ...(claimKind ? { claimNames: { kind: claimKind } } : {}), versions: [{ name: 'v1alpha1', served: true, referenceable: true }] },
  };
}

function composition(name: string, kind: string, resources: JsonObject[], toComposite: JsonObject[] = []): JsonObject {
  return {
    apiVersion: 'apiextensions.crossplane.io/v1', kind: 'Composition', metadata: { name },
    spec: {
      compositeTypeRef: { apiVersion: XR_API, kind }, mode: 'Pipeline',
      pipeline: [{ step: 'compose', functionRef: { name: 'compose' }, input: { resources, toComposite } }],
    },
  };
}

const xr = (kind: string, name: string, spec: JsonObject = {}): JsonObject => ({ apiVersion: XR_API, kind, metadata: { name }, spec });
const fp = (o: JsonObject) => (o.spec as JsonObject).forProvider as JsonObject;
const byResource = (objs: JsonObject[], n: string) => objs.find((o) => ((o.metadata as JsonObject).annotations as JsonObject)['crossplane.io/composition-resource-name'] === n)!;
const nameOf = (o: JsonObject) => String((o.metadata as JsonObject).name);
const ready = (o: JsonObject) => ((o.status as JsonObject).conditions as JsonObject[]).find((c) => c.type === 'Ready');

describe('render: convergence', () => {
  // Role <- Topic (feedback role ARN) <- TopicSubscription (topic ARN): each link resolves one pass after its target exists.
  const chain = composition('chain', 'XChain', [
    { name: 'role', base: { apiVersion: 'iam.aws.upbound.io/v1beta1', kind: 'Role', spec: { forProvider: { assumeRolePolicy: '{}' } } } },
    { name: 'topic', base: { apiVersion: 'sns.aws.upbound.io/v1beta1', kind: 'Topic', spec: { forProvider: { region: 'us-east-1', sqsFailureFeedbackRoleArnSelector: { matchControllerRef: true } } } } },
    { name: 'policy', base: { apiVersion: 'sns.aws.upbound.io/v1beta1', kind: 'TopicSubscription', spec: { forProvider: { region: 'us-east-1', protocol: 'email', endpoint: 'soc@example.com', topicArnSelector: { matchControllerRef: true } } } } },
  ], [{ resource: 'topic', field: 'arn', to: 'topicArn' }]);

  it('settles a chain of references over several passes', () => {
    const out = render({ claimOrXr: xr('XChain', 'alerts'), compositions: [chain], xrds: [xrd('XChain')], functions, validator: null });
    expect(out.problems).toEqual([]);
    expect(out.converged).toBe(true);
    expect(out.passes).toBe(4);
    const role = byResource(out.resources, 'role');
    const topic = byResource(out.resources, 'topic');
    const policy = byResource(out.resources, 'policy');
    expect(out.readyAtPass).toEqual({ [nameOf(role)]: 1, [nameOf(topic)]: 2, [nameOf(policy)]: 3, alerts: 4 });
    expect(fp(topic).sqsFailureFeedbackRoleArn).toBe(`arn:aws:iam::111122223333:role/${nameOf(role)}`);
    expect(fp(policy).topicArn).toBe(`arn:aws:sns:us-east-1:111122223333:${nameOf(topic)}`);
    expect(out.composite.status).toMatchObject({ topicArn: `arn:aws:sns:us-east-1:111122223333:${nameOf(topic)}` });
    expect(ready(out.composite)).toMatchObject({ status: 'True', reason: 'Available' });
    expect(out.resources.map((o) => o.kind)).toEqual(['TopicSubscription', 'Role', 'Topic']);
  });

  it('checks every JSON text it keeps by identity: an object changed in place behind its back is an internal error (ZTA_RENDER_CHECKS=1, set for the suite)', () => {
    expect(process.env.ZTA_RENDER_CHECKS).toBe('1');
    // The hook holds on to what the provider returned and changes it in place once it is stored.
    let previous: JsonObject | undefined;
    const tamper = (mr: JsonObject) => {
      if (previous) ((previous.metadata as JsonObject).labels as JsonObject | undefined ?? ((previous.metadata as JsonObject).labels = {}) as JsonObject).tampered = 'yes';
      previous = mr;
    };
    expect(() => render({ claimOrXr: xr('XChain', 'alerts'), compositions: [chain], xrds: [xrd('XChain')], functions, validator: null, afterProvider: tamper }))
      .toThrow(/^internal error: .* changed in place after its text was kept/);
    // The same render without the tampering is fine.
    expect(render({ claimOrXr: xr('XChain', 'alerts'), compositions: [chain], xrds: [xrd('XChain')], functions, validator: null, afterProvider: () => undefined }).converged).toBe(true);
  });

  it('skips the provider\'s reconcile of a resource when neither it nor any kind the reconcile read changed, and proves each skip under ZTA_RENDER_CHECKS=1', () => {
    // The switch is read when the module loads: a fresh copy of the renderer per setting.
    const reconciles = (checks: string): string[] => {
      const previous = process.env.ZTA_RENDER_CHECKS;
      process.env.ZTA_RENDER_CHECKS = checks;
      const kinds: string[] = [];
      try {
        jest.isolateModules(() => {
          const fresh = require('../../renderer/render') as typeof import('../../renderer/render');
          const { SimulatedProvider } = require('../../renderer/aws') as typeof import('../../renderer/aws');
          const spy = jest.spyOn(SimulatedProvider.prototype, 'reconcile');
          const out = fresh.render({ claimOrXr: xr('XChain', 'alerts'), compositions: [chain], xrds: [xrd('XChain')], functions, validator: null });
          expect(out.converged).toBe(true);
          kinds.push(...spy.mock.calls.map(([mr]) => String(mr.kind)));
        });
      } finally {
        process.env.ZTA_RENDER_CHECKS = previous;
      }
      return kinds.sort();
    };
    // With the checks, every resource every pass (4 passes and the confirming one).
    expect(reconciles('1')).toEqual([...Array(5).fill('Role'), ...Array(5).fill('Topic'), ...Array(5).fill('TopicSubscription')]);
    // Without: the role reads nothing and settles in pass 1; the topic reads the roles (changed in
    // pass 1) and settles in pass 2; the subscription reads the topics, which the provider changed
    // in pass 2 (after it was reconciled), and settles in pass 3.
    expect(reconciles('0')).toEqual(['Role', 'Topic', 'Topic', 'TopicSubscription', 'TopicSubscription', 'TopicSubscription']);

    // A reconcile that would give another result although nothing it read changed is an internal
    // error under the checks (which run every skipped reconcile), not a change silently skipped.
    const { SimulatedProvider } = require('../../renderer/aws') as typeof import('../../renderer/aws');
    const original = SimulatedProvider.prototype.reconcile;
    let roleReconciles = 0;
    const drift = jest.spyOn(SimulatedProvider.prototype, 'reconcile').mockImplementation(function (this: InstanceType<typeof SimulatedProvider>, ...args) {
      const out = original.apply(this, args);
      // status survives the composite's apply, so the stored role is the object the provider returned.
      if (out.resource.kind === 'Role') ((out.resource.status as JsonObject).atProvider as JsonObject).drift = ++roleReconciles;
      return out;
    });
    try {
      expect(() => render({ claimOrXr: xr('XChain', 'alerts'), compositions: [chain], xrds: [xrd('XChain')], functions, validator: null }))
        .toThrow(/^internal error: the provider's reconcile of Role\/.* was skipped, but it changes the resource or its report$/);
      expect(roleReconciles).toBe(2);
    } finally {
      drift.mockRestore();
    }
  });

  it('uses the account id it is given', () => {
    const out = render({ claimOrXr: xr('XChain', 'alerts'), compositions: [chain], xrds: [xrd('XChain')], functions, validator: null, accountId: '999988887777' });
    expect(fp(byResource(out.resources, 'policy')).topicArn).toMatch(/^arn:aws:sns:us-east-1:999988887777:/);
  });

  it('names a resource that never becomes ready, with the reason', () => {
    const broken = composition('broken', 'XBroken', [
      { name: 'alias', base: { apiVersion: 'kms.aws.upbound.io/v1beta1', kind: 'Alias', metadata: { annotations: { 'crossplane.io/external-name': 'alias/x' } }, spec: { forProvider: { region: 'us-east-1', targetKeyIdSelector: { matchControllerRef: true } } } } },
    ]);
    const out = render({ claimOrXr: xr('XBroken', 'b'), compositions: [broken], xrds: [xrd('XBroken')], functions, validator: null });
    expect(out.converged).toBe(true);
    const alias = nameOf(out.resources[0]!);
    expect(out.problems).toEqual([
      { kind: 'readiness', object: `Alias/${alias}`, message: `resource never became Ready: Alias/${alias} spec.forProvider.targetKeyIdSelector: selector {matchControllerRef: true} matches no Key.kms.aws.upbound.io (candidates: none)` },
      { kind: 'readiness', object: 'XBroken/b', message: 'composite never became Ready: Unready resources: alias' },
    ]);
  });

  it('reports what keeps changing when it never settles', () => {
    let n = 0;
    const restless: CompositionFunction = (req) => ({
      desired: { composite: req.desired.composite, resources: { bucket: { resource: { apiVersion: 's3.aws.upbound.io/v1beta2', kind: 'Bucket', spec: { forProvider: { region: 'us-east-1', tags: { n: String(n++) } } } } } } },
      results: [],
    });
    const c = composition('restless', 'XRestless', []);
    ((c.spec as JsonObject).pipeline as JsonObject[])[0]!.functionRef = { name: 'restless' };
    const out = render({ claimOrXr: xr('XRestless', 'r'), compositions: [c], xrds: [xrd('XRestless')], functions: { restless }, validator: null, maxPasses: 4 });
    expect(out.converged).toBe(false);
    expect(out.passes).toBe(4);
    expect(out.problems).toContainEqual({ kind: 'convergence', object: 'XRestless/r', message: `did not settle within 4 passes; still changing: Bucket/${nameOf(out.resources[0]!)}` });
  });
});

describe('render: nested XRs', () => {
  const parent = composition('parent', 'XParent', [
    { name: 'child', base: { apiVersion: XR_API, kind: 'XChild', spec: { size: 'small' } } },
  ]);
  const child = composition('child', 'XChild', [
    { name: 'key', base: { apiVersion: 'kms.aws.upbound.io/v1beta1', kind: 'Key', spec: { forProvider: { region: 'us-east-1' } } } },
  ], [{ resource: 'key', field: 'arn', to: 'keyArn' }]);

  it('renders a nested XR with its own composition; its status and readiness come from that rendering', () => {
    const out = render({ claimOrXr: xr('XParent', 'top'), compositions: [parent, child], xrds: [xrd('XParent'), xrd('XChild')], functions, validator: null });
    expect(out.problems).toEqual([]);
    const nested = byResource(out.resources, 'child');
    const key = byResource(out.resources, 'key');
    expect(nested.kind).toBe('XChild');
    expect(nested.spec).toMatchObject({ size: 'small', compositionRef: { name: 'child' }, resourceRefs: [{ kind: 'Key', name: nameOf(key) }] });
    expect(nested.status).toMatchObject({ keyArn: expect.stringMatching(/^arn:aws:kms:us-east-1:111122223333:key\//) });
    expect(ready(nested)).toMatchObject({ status: 'True' });
    // Composed names keep the top-level XR's prefix; the controller is the nested XR.
    expect(nameOf(key)).toMatch(/^top-[0-9a-f]{12}$/);
    expect((key.metadata as JsonObject).labels).toEqual({ 'crossplane.io/composite': 'top' });
    expect(((key.metadata as JsonObject).ownerReferences as JsonObject[])[0]).toMatchObject({ kind: 'XChild', name: nameOf(nested), controller: true });
    expect(out.readyAtPass).toEqual({ [nameOf(key)]: 1, [nameOf(nested)]: 2, top: 3 });
    expect(out.passes).toBe(3);
  });

  it('reports a nested XR without a Composition instead of failing the render', () => {
    const out = render({ claimOrXr: xr('XParent', 'top'), compositions: [parent], xrds: [xrd('XParent'), xrd('XChild')], functions, validator: null });
    const nested = nameOf(byResource(out.resources, 'child'));
    expect(out.problems).toContainEqual({ kind: 'composition', object: `XChild/${nested}`, message: `XChild/${nested} (${XR_API}): no Composition has compositeTypeRef ${XR_API} XChild` });
  });
});

describe('render: claims, observed resources, single pass, validation', () => {
  const bucketOnly = composition('bucket-only', 'XStore', [
    { name: 'bucket', base: { apiVersion: 's3.aws.upbound.io/v1beta2', kind: 'Bucket', metadata: { annotations: { 'crossplane.io/external-name': 'team-a-store' } }, spec: { forProvider: { region: 'eu-central-1' } } } },
  ], [{ resource: 'bucket', field: 'arn', to: 'bucketArn' }]);

  it('binds a claim to an XR and copies the XR status back', () => {
    const claim = { apiVersion: XR_API, kind: 'Store', metadata: { name: 'store', namespace: 'team-a' }, spec: { parameters: {} } };
    const out = render({ claimOrXr: claim, compositions: [bucketOnly], xrds: [xrd('XStore', 'Store')], functions, validator: null });
    const xrName = nameOf(out.composite);
    expect(xrName).toMatch(/^store-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(out.composite.spec).toMatchObject({ claimRef: { kind: 'Store', name: 'store', namespace: 'team-a' }, compositionRef: { name: 'bucket-only' } });
    expect(out.claim?.spec).toMatchObject({ resourceRef: { apiVersion: XR_API, kind: 'XStore', name: xrName }, compositionRef: { name: 'bucket-only' } });
    expect(out.claim?.status).toMatchObject({ bucketArn: 'arn:aws:s3:::team-a-store' });
    expect(ready(out.claim!)).toMatchObject({ status: 'True', reason: 'Available' });
    const bucket = out.resources[0]!;
    expect((bucket.metadata as JsonObject).labels).toEqual({ 'crossplane.io/composite': xrName, 'crossplane.io/claim-name': 'store', 'crossplane.io/claim-namespace': 'team-a' });
    expect(out.readyAtPass.store).toBe(2);
  });

  it('garbage-collects observed composed resources that are no longer desired', () => {
    const stale = { apiVersion: 's3.aws.upbound.io/v1beta2', kind: 'Bucket', metadata: { name: 'old-bucket', annotations: { 'crossplane.io/composition-resource-name': 'legacy' } }, spec: { forProvider: { region: 'us-east-1' } } };
    const out = render({ claimOrXr: xr('XStore', 's'), compositions: [bucketOnly], xrds: [xrd('XStore')], functions, validator: null, observed: [stale] });
    expect(out.resources.map(nameOf)).not.toContain('old-bucket');
    expect(out.resources).toHaveLength(1);
  });

  it('keeps the name of an observed composed resource', () => {
    const existing = { apiVersion: 's3.aws.upbound.io/v1beta2', kind: 'Bucket', metadata: { name: 's-existing', annotations: { 'crossplane.io/composition-resource-name': 'bucket' } }, spec: { forProvider: {} } };
    const out = render({ claimOrXr: xr('XStore', 's'), compositions: [bucketOnly], xrds: [xrd('XStore')], functions, validator: null, observed: [existing] });
    expect(out.resources.map(nameOf)).toEqual(['s-existing']);
  });

  it('single pass: one reconcile without the provider, like crossplane render', () => {
    const out = render({ claimOrXr: xr('XStore', 's'), compositions: [bucketOnly], xrds: [xrd('XStore')], functions, validator: null, singlePass: true });
    expect(out.passes).toBe(1);
    expect(out.resources[0]!.status).toBeUndefined();
    expect(ready(out.composite)).toMatchObject({ status: 'False', reason: 'Creating', message: 'Unready resources: bucket' });
    expect(out.problems).toEqual([]);
  });

  it('validates every composed resource and checks its AWS name', () => {
    const bad = composition('bad', 'XStore', [
      { name: 'bucket', base: { apiVersion: 's3.aws.upbound.io/v1beta2', kind: 'Bucket', metadata: { annotations: { 'crossplane.io/external-name': 'Team_A' } }, spec: { forProvider: { region: 'eu-central-1' } } } },
    ]);
    const seen: string[] = [];
    const validator = { validate: (o: JsonObject) => { seen.push(String(o.kind)); return ['.spec.forProvider: something is off']; } };
    const out = render({ claimOrXr: xr('XStore', 's'), compositions: [bad], xrds: [xrd('XStore')], functions, validator });
    const bucket = `Bucket/${nameOf(out.resources[0]!)}`;
    expect(seen).toEqual(['Bucket']);
    expect(out.problems).toContainEqual({ kind: 'schema', object: bucket, message: '.spec.forProvider: something is off' });
    expect(out.problems).toContainEqual(expect.objectContaining({ kind: 'aws-name', object: bucket, message: expect.stringContaining("'Team_A'") }));
  });

  it('rejects a kind no XRD or Composition knows', () => {
    expect(() => render({ claimOrXr: { apiVersion: 'x.example.org/v1', kind: 'Mystery', metadata: { name: 'm' } }, compositions: [bucketOnly], xrds: [xrd('XStore')], functions, validator: null }))
      .toThrow('Mystery/m: kind Mystery (x.example.org/v1) is not defined by any loaded XRD (known kinds: XStore)');
  });
});
