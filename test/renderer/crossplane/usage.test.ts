// The Usage machinery against upstream's own test cases (test/fixtures/usage/*.json, each naming its
// upstream file and test), plus facts read from the upstream code that its tests do not pin down.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { JsonObject } from '../../../renderer/types';
import {
  ANNOTATION_DELETION_ATTEMPT, LABEL_IN_USE, type UsageCluster, admitDelete, detailsAnnotation, finalizeUsage, findUsagesOf,
  inUseMessage, isUsage, keepUsageFields, reconcileUsage, resolveSelectors,
} from '../../../renderer/crossplane/usage';

interface Fixture<C> { source: string; cases: C[] }
const fixture = <C>(name: string): Fixture<C> =>
  JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'usage', `${name}.json`), 'utf8')) as Fixture<C>;

const meta = (o: JsonObject): JsonObject => (o.metadata ?? {}) as JsonObject;
const nameOf = (o: JsonObject): string => String(meta(o).name);
const groupOf = (apiVersion: unknown): string => (String(apiVersion ?? '').includes('/') ? String(apiVersion).split('/')[0]! : '');

/** An in-memory API server: list in (namespace, name) order like etcd, get by group/kind/name/namespace. */
function cluster(objects: JsonObject[], usages: JsonObject[] = objects.filter(isUsage)): UsageCluster {
  const ns = (o: JsonObject): string => String(meta(o).namespace ?? '');
  const same = (o: JsonObject, g: string, k: string) => groupOf(o.apiVersion) === g && o.kind === k;
  return {
    list: (g, k, n) => objects.filter((o) => same(o, g, k) && (n === '' || ns(o) === n)).sort((a, b) => `${ns(a)}/${nameOf(a)}`.localeCompare(`${ns(b)}/${nameOf(b)}`)),
    get: (g, k, name, n) => objects.find((o) => same(o, g, k) && nameOf(o) === name && ns(o) === n),
    usages: () => usages,
  };
}

describe('selector resolution (selector.go)', () => {
  interface Case { name: string; reason: string; objects: JsonObject[]; usage: JsonObject; want?: { spec: JsonObject }; wantError?: string }
  const f = fixture<Case>('selector-resolution');

  test.each(f.cases.map((c) => [c.name, c] as const))(`${f.source} %s`, (_, c) => {
    const usage = JSON.parse(JSON.stringify(c.usage)) as JsonObject;
    const run = () => resolveSelectors(usage, cluster(c.objects));
    if (c.wantError !== undefined) {
      expect(run).toThrow(c.wantError);
      return;
    }
    run();
    expect(usage.spec).toEqual(c.want!.spec);
  });

  const usage = (of: JsonObject, m: JsonObject = {}): JsonObject => ({ apiVersion: 'protection.crossplane.io/v1beta1', kind: 'ClusterUsage', metadata: { name: 'u', ...m }, spec: { of } });
  const key = (name: string, labels: Record<string, string>, controller?: string): JsonObject => ({
    apiVersion: 'kms.aws.upbound.io/v1beta1', kind: 'Key',
    metadata: { name, labels, ...(controller ? { ownerReferences: [{ uid: controller, controller: true }] } : {}) },
  });

  test('the first object in list order wins and every match is reported (upstream never calls it ambiguous)', () => {
    const u = usage({ apiVersion: 'kms.aws.upbound.io/v1beta1', kind: 'Key', resourceSelector: { matchLabels: { purpose: 'audit' } } });
    const out = resolveSelectors(u, cluster([key('b', { purpose: 'audit' }), key('a', { purpose: 'audit' }), key('c', { purpose: 'logs' })]));
    expect((u.spec as JsonObject).of).toMatchObject({ resourceRef: { name: 'a' } });
    expect(out.of?.candidates).toEqual(['a', 'b']);
  });

  test('matchControllerRef keeps only objects controlled by the Usage\'s controller', () => {
    const u = usage({ apiVersion: 'kms.aws.upbound.io/v1beta1', kind: 'Key', resourceSelector: { matchControllerRef: true, matchLabels: { purpose: 'audit' } } },
      { ownerReferences: [{ uid: 'xr-2', controller: true }] });
    resolveSelectors(u, cluster([key('a', { purpose: 'audit' }, 'xr-1'), key('b', { purpose: 'audit' }, 'xr-2')]));
    expect((u.spec as JsonObject).of).toMatchObject({ resourceRef: { name: 'b' } });
  });

  test('a Usage without a controller never matches with matchControllerRef (HaveSameController)', () => {
    const u = usage({ apiVersion: 'kms.aws.upbound.io/v1beta1', kind: 'Key', resourceSelector: { matchControllerRef: true } });
    expect(() => resolveSelectors(u, cluster([key('a', {}, 'xr-1')]))).toThrow('no "Key" found matching labels: map[] and with same controller reference');
  });

  test('a namespaced Usage persists the namespace only for an object outside its own', () => {
    const cm = (name: string, namespace: string): JsonObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, labels: { app: 'x' } } });
    const u: JsonObject = { apiVersion: 'protection.crossplane.io/v1beta1', kind: 'Usage', metadata: { name: 'u', namespace: 'a' },
      spec: { of: { apiVersion: 'v1', kind: 'ConfigMap', resourceSelector: { matchLabels: { app: 'x' }, namespace: 'b' } } } };
    resolveSelectors(u, cluster([cm('in-a', 'a'), cm('in-b', 'b')]));
    expect(((u.spec as JsonObject).of as JsonObject).resourceRef).toEqual({ name: 'in-b', namespace: 'b' });
  });
});

describe('usage reconciler (reconciler.go)', () => {
  interface Want {
    error?: string; errorPrefix?: string; ready?: string; ownerReferences?: JsonObject[]; annotations?: Record<string, string>;
    finalizers?: string[]; labels?: Record<string, Record<string, string>>; outcome?: JsonObject;
  }
  interface Case { name: string; reason: string; usage: JsonObject; objects: JsonObject[]; usages?: JsonObject[]; want: Want }
  const f = fixture<Case>('reconciler');

  test.each(f.cases.map((c) => [c.name, c] as const))(`${f.source} %s`, (_, c) => {
    const usage = JSON.parse(JSON.stringify(c.usage)) as JsonObject;
    const objects = JSON.parse(JSON.stringify(c.objects)) as JsonObject[];
    const api = cluster([...objects, usage], c.usages ?? [usage]);
    const deleted = typeof meta(usage).deletionTimestamp === 'string';
    const run = (): unknown => (deleted ? finalizeUsage(usage, api) : reconcileUsage(usage, api));
    if (c.want.error !== undefined || c.want.errorPrefix !== undefined) {
      let message = '';
      try { run(); } catch (e) { message = (e as Error).message; }
      if (c.want.error !== undefined) expect(message).toBe(c.want.error);
      else expect(message.startsWith(c.want.errorPrefix!)).toBe(true);
      return;
    }
    const outcome = run() as JsonObject;
    if (c.want.outcome) {
      const replay = outcome.replay as { object: JsonObject; policy: string } | undefined;
      expect({ ...outcome, ...(replay ? { replay: { object: nameOf(replay.object), policy: replay.policy } } : {}) }).toEqual(c.want.outcome);
    }
    if (c.want.ready) expect(((usage.status as JsonObject).conditions as JsonObject[]).find((x) => x.type === 'Ready')).toMatchObject({ status: c.want.ready, reason: 'Available' });
    if (c.want.ownerReferences) expect(meta(usage).ownerReferences).toEqual(c.want.ownerReferences);
    if (c.want.annotations) expect(meta(usage).annotations).toMatchObject(c.want.annotations);
    if (c.want.finalizers) expect(meta(usage).finalizers ?? []).toEqual(c.want.finalizers);
    for (const [name, labels] of Object.entries(c.want.labels ?? {})) {
      expect(meta(objects.find((o) => nameOf(o) === name)!).labels ?? {}).toEqual(labels);
    }
  });

  test('details annotation: the reason, else "<by> uses <of>" (with the namespace), else "undefined"', () => {
    const of = { apiVersion: 'v1', kind: 'SomeKind', resourceRef: { name: 'used' } };
    const by = { apiVersion: 'v1', kind: 'AnotherKind', resourceRef: { name: 'using' } };
    const u = (spec: JsonObject): JsonObject => ({ apiVersion: 'protection.crossplane.io/v1beta1', kind: 'Usage', metadata: { name: 'u' }, spec });
    expect(detailsAnnotation(u({ of, by, reason: 'why' }))).toBe('why');
    expect(detailsAnnotation(u({ of, by }))).toBe('AnotherKind/using uses SomeKind/used');
    expect(detailsAnnotation(u({ of: { ...of, resourceRef: { name: 'used', namespace: 'ns' } }, by }))).toBe('AnotherKind/using uses SomeKind/used in namespace ns');
    expect(detailsAnnotation(u({ of }))).toBe('undefined');
  });

  test('a deleted Usage keeps the in-use label while another Usage of the same object exists', () => {
    const used: JsonObject = { apiVersion: 'kms.aws.upbound.io/v1beta1', kind: 'Key', metadata: { name: 'k', labels: { [LABEL_IN_USE]: 'true' } } };
    const u = (name: string, extra: JsonObject = {}): JsonObject => ({
      apiVersion: 'protection.crossplane.io/v1beta1', kind: 'ClusterUsage', metadata: { name, finalizers: ['usage.apiextensions.crossplane.io'], ...extra },
      spec: { replayDeletion: true, reason: 'r', of: { apiVersion: 'kms.aws.upbound.io/v1beta1', kind: 'Key', resourceRef: { name: 'k' } } },
    });
    const first = u('first', { deletionTimestamp: 't' });
    const api = cluster([used, first, u('second')]);
    expect(finalizeUsage(first, api)).toEqual({ kind: 'released', labelRemoved: false });
    expect(meta(used).labels).toEqual({ [LABEL_IN_USE]: 'true' });
  });
});

describe('finder (finder.go)', () => {
  const cu = (name: string, of: JsonObject): JsonObject => ({ apiVersion: 'protection.crossplane.io/v1beta1', kind: 'ClusterUsage', metadata: { name }, spec: { of } });
  const key: JsonObject = { apiVersion: 'kms.aws.upbound.io/v1beta1', kind: 'Key', metadata: { name: 'k' } };

  test('matches group, kind and name; the version is ignored; unresolved Usages are not indexed', () => {
    const usages = [
      cu('same-version', { apiVersion: 'kms.aws.upbound.io/v1beta1', kind: 'Key', resourceRef: { name: 'k' } }),
      cu('other-version', { apiVersion: 'kms.aws.upbound.io/v1beta2', kind: 'Key', resourceRef: { name: 'k' } }),
      cu('other-name', { apiVersion: 'kms.aws.upbound.io/v1beta1', kind: 'Key', resourceRef: { name: 'j' } }),
      cu('other-group', { apiVersion: 'kms.example.org/v1', kind: 'Key', resourceRef: { name: 'k' } }),
      cu('unresolved', { apiVersion: 'kms.aws.upbound.io/v1beta1', kind: 'Key', resourceSelector: { matchLabels: { a: 'b' } } }),
    ];
    expect(findUsagesOf(key, cluster([], usages)).map(nameOf)).toEqual(['same-version', 'other-version']);
  });

  test('namespaced Usages come first and match the used object\'s namespace; ClusterUsages index no namespace at all', () => {
    const ns = (name: string, namespace: string, refNs?: string): JsonObject => ({
      apiVersion: 'protection.crossplane.io/v1beta1', kind: 'Usage', metadata: { name, namespace },
      spec: { of: { apiVersion: 'v1', kind: 'ConfigMap', resourceRef: { name: 'cm', ...(refNs ? { namespace: refNs } : {}) } } },
    });
    const cm: JsonObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'a' } };
    const usages = [cu('cluster', { apiVersion: 'v1', kind: 'ConfigMap', resourceRef: { name: 'cm' } }), ns('same-ns', 'a'), ns('cross-ns', 'b', 'a'), ns('elsewhere', 'b')];
    // finder.go indexes a ClusterUsage with namespace "" and looks it up with "", whatever the object's namespace.
    expect(findUsagesOf(cm, cluster([], usages)).map(nameOf)).toEqual(['same-ns', 'cross-ns', 'cluster']);
  });
});

describe('admission webhook (handler.go)', () => {
  interface Case { name: string; request: JsonObject; found?: JsonObject[]; finderError?: string; want: JsonObject }
  const f = fixture<Case>('webhook');

  test.each(f.cases.map((c) => [c.name, c] as const))(`${f.source} %s`, (_, c) => {
    const request = JSON.parse(JSON.stringify(c.request)) as Parameters<typeof admitDelete>[0];
    const finder = (): JsonObject[] => {
      if (c.finderError) throw new Error(c.finderError);
      return c.found ?? [];
    };
    expect(admitDelete(request, finder)).toEqual(c.want);
  });

  test('a refused delete records its propagation policy once; a ClusterUsage names its own type', () => {
    const used: JsonObject = { apiVersion: 'kms.aws.upbound.io/v1beta1', kind: 'Key', metadata: { name: 'k' } };
    const usage: JsonObject = {
      apiVersion: 'protection.crossplane.io/v1beta1', kind: 'ClusterUsage', metadata: { name: 'trail-uses-key' },
      spec: { of: { apiVersion: 'kms.aws.upbound.io/v1beta1', kind: 'Key', resourceRef: { name: 'k' } }, by: { apiVersion: 'cloudtrail.aws.upbound.io/v1beta1', kind: 'Trail', resourceRef: { name: 't' } } },
    };
    const first = admitDelete({ operation: 'DELETE', oldObject: used, propagationPolicy: 'Foreground' }, () => [usage]);
    expect(first).toEqual({
      allowed: false, code: 409,
      reason: 'This resource is in-use by 1 usage(s), including the *v1beta1.ClusterUsage "trail-uses-key" by resource Trail/t.',
      annotated: { key: ANNOTATION_DELETION_ATTEMPT, value: 'Foreground' },
    });
    expect(admitDelete({ operation: 'DELETE', oldObject: used, propagationPolicy: 'Foreground' }, () => [usage]).annotated).toBeUndefined();
    expect(inUseMessage([usage, usage])).toContain('in-use by 2 usage(s)');
  });
});

describe('fields the usage machinery owns survive the composite controller\'s apply', () => {
  test('in-use label, details and deletion-attempt annotations, finalizers, foreign owner references, resolved refs', () => {
    const existing: JsonObject = {
      apiVersion: 'protection.crossplane.io/v1beta1', kind: 'ClusterUsage',
      metadata: {
        name: 'u', labels: { a: 'b', [LABEL_IN_USE]: 'true' }, annotations: { 'crossplane.io/usage-details': 'd', [ANNOTATION_DELETION_ATTEMPT]: 'Background' },
        finalizers: ['usage.apiextensions.crossplane.io'],
        ownerReferences: [{ uid: 'xr', controller: true }, { uid: 'by-uid', kind: 'Trail', name: 't', apiVersion: 'cloudtrail.aws.upbound.io/v1beta1' }],
      },
      spec: { of: { kind: 'Key', resourceRef: { name: 'k' }, resourceSelector: {} }, by: { kind: 'Trail', resourceRef: { name: 't' }, resourceSelector: {} } },
    };
    const desired: JsonObject = {
      apiVersion: 'protection.crossplane.io/v1beta1', kind: 'ClusterUsage',
      metadata: { name: 'u', labels: { a: 'c' }, ownerReferences: [{ uid: 'xr', controller: true }] },
      spec: { of: { kind: 'Key', resourceSelector: {} }, by: { kind: 'Trail', resourceSelector: {} } },
    };
    keepUsageFields(existing, desired);
    expect(desired).toEqual({
      apiVersion: 'protection.crossplane.io/v1beta1', kind: 'ClusterUsage',
      metadata: {
        name: 'u', labels: { a: 'c', [LABEL_IN_USE]: 'true' }, annotations: { 'crossplane.io/usage-details': 'd', [ANNOTATION_DELETION_ATTEMPT]: 'Background' },
        finalizers: ['usage.apiextensions.crossplane.io'],
        ownerReferences: [{ uid: 'xr', controller: true }, { uid: 'by-uid', kind: 'Trail', name: 't', apiVersion: 'cloudtrail.aws.upbound.io/v1beta1' }],
      },
      spec: { of: { kind: 'Key', resourceSelector: {}, resourceRef: { name: 'k' } }, by: { kind: 'Trail', resourceSelector: {}, resourceRef: { name: 't' } } },
    });
  });
});
