// Optional features stay Ready whether enabled or not, and compose their resources only when enabled.
import { App } from 'cdk8s';
import type { Construct } from 'constructs';
import { Key } from '../../../imports/kms.aws.upbound.io';
import { ComposedResource, DomainChart, Schema, optionalComposite, passParameter } from '../../../compositions';
import { packageFiles } from '../../../compositions/package/package-writer';
import { render } from '../../../renderer/render';
import type { JsonObject } from '../../../renderer/types';

class FeatureChart extends DomainChart {
  public constructor(scope: Construct, id: string) {
    super(scope, id, { kind: 'XTestFeature', domain: 'testFeature', description: 'A test feature.', optional: true });
    this.parameter('featureName', Schema.string('Name of the feature.', { maxLength: 64 }));
    new ComposedResource(this, { name: 'featureKey', kind: Key, forProvider: { description: 'feature key' } });
  }
}

class ParentChart extends DomainChart {
  public constructor(scope: Construct, id: string, feature: FeatureChart) {
    super(scope, id, { kind: 'XTestParent', domain: 'testParent', description: 'A parent.' });
    this.parameter('featureName', Schema.string('Enables the feature when set.', { maxLength: 64 }));
    this.compose(optionalComposite({
      name: 'feature',
      feature: feature.names,
      enabledBy: 'spec.parameters.featureName',
      parameterPatches: [
        ...['accountId', 'region', 'environmentSuffix'].map((p) => passParameter(p)),
        passParameter('featureName'),
      ],
    }));
  }
}

function build(): { compositions: JsonObject[]; xrds: JsonObject[]; files: string[] } {
  const app = new App();
  const feature = new FeatureChart(app, 'feature');
  new ParentChart(app, 'parent', feature);
  const files = packageFiles(app);
  const objects = files.flatMap((f) => f.objects) as JsonObject[];
  return {
    compositions: objects.filter((o) => o.kind === 'Composition'),
    xrds: objects.filter((o) => o.kind === 'CompositeResourceDefinition'),
    files: files.map((f) => f.path),
  };
}

const parent = (featureName?: string): JsonObject => ({
  apiVersion: 'aws.zerotrust.io/v1alpha1', kind: 'XTestParent', metadata: { name: 'parent' },
  spec: { parameters: { accountId: '111122223333', region: 'us-east-1', environmentSuffix: 'dev', ...(featureName ? { featureName } : {}) } },
});
const ready = (o: JsonObject) => ((o.status as JsonObject).conditions as JsonObject[]).find((c) => c.type === 'Ready')?.status;

describe('optional features', () => {
  test('an optional feature has an enabled and a disabled composition in the package', () => {
    const { files, compositions } = build();
    expect(files).toEqual(expect.arrayContaining(['apis/xtestfeatures/composition.yaml', 'apis/xtestfeatures/composition-disabled.yaml']));
    const disabled = compositions.find((c) => (c.metadata as JsonObject).name === 'xtestfeatures-disabled.aws.zerotrust.io')!;
    expect(((disabled.spec as JsonObject).pipeline as JsonObject[]).map((s) => (s.functionRef as JsonObject).name)).toEqual(['crossplane-contrib-function-auto-ready']);
  });

  test('disabled: the parent is Ready and the feature composes nothing', () => {
    const out = render({ claimOrXr: parent(), ...build() });
    expect(out.problems).toEqual([]);
    expect(ready(out.composite)).toBe('True');
    expect(out.resources.filter((r) => r.kind === 'Key')).toHaveLength(0);
    expect(((out.resources.find((r) => r.kind === 'XTestFeature')!.spec as JsonObject).compositionRef as JsonObject).name).toBe('xtestfeatures-disabled.aws.zerotrust.io');
  });

  test('enabled: the parent is Ready and the feature composes its resources', () => {
    const out = render({ claimOrXr: parent('on'), ...build() });
    expect(out.problems).toEqual([]);
    expect(ready(out.composite)).toBe('True');
    expect(out.resources.filter((r) => r.kind === 'Key')).toHaveLength(1);
  });
});
