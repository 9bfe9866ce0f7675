// Typed wiring (issue 16 item 1): every composite field a patch or `${xr:...}` token reads or writes
// resolves against the composite's XRD schema by full path, every sibling selector names a resource
// of the same composition, and charts can wire through handles (`resource.selector()`,
// `parameterRef.token()`) instead of strings. Misspellings fail synth with a message naming the path.
import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { buildPackage } from '../../../charts';
import { Bucket, BucketPolicy } from '../../../imports/s3.aws.upbound.io';
import { ComposedResource, DomainChart, Schema, fromComposite, param, siblingSelector, toComposite, type ParameterRef } from '../../../compositions';
import { compositeSchema, fieldPathProblem } from '../../../compositions/kernel/composite-paths';
import { packageFiles } from '../../../compositions/package/package-writer';

const flowLogsSchema = () => Schema.object('Flow logs.', {
  s3RetentionDays: Schema.integer('Days.', { default: 365 }),
  destinations: Schema.array('Where.', Schema.object('One.', { arn: Schema.arn('ARN.') }), { maxItems: 2 }),
  tags: Schema.stringMap('Tags.', { maxProperties: 5, maxValueLength: 10 }),
  bucket: Schema.string('Bucket.', { maxLength: 63, default: 'flow-logs' }),
});

/** A domain whose one bucket policy is built by `build` (given the flowLogs handle). */
class WiringChart extends DomainChart {
  public readonly flowLogs: ParameterRef;
  public constructor(scope: Construct, build: (chart: WiringChart) => void) {
    super(scope, 'wiring', { kind: 'XWiring', domain: 'wiring', description: 'Wiring under test.' });
    this.flowLogs = this.parameter('flowLogs', flowLogsSchema());
    build(this);
  }
  public add(...r: ComposedResource[]): void {
    this.compose(...r);
  }
}

const policy = (c: WiringChart, name: string, forProvider: Record<string, unknown>, patches = []) =>
  new ComposedResource(c, { name, kind: BucketPolicy, forProvider: forProvider as never, patches });

function problems(build: (chart: WiringChart) => void): string[] {
  return new WiringChart(new App(), build).node.validate();
}

describe('composite field paths resolve against the XRD schema at synth', () => {
  test('a misspelled nested parameter path (flowLogs.s3RetentionDay) is named, with the fields that exist', () => {
    expect(problems((c) => policy(c, 'p', { policy: param('flowLogs.s3RetentionDay') }))).toEqual([
      "XWiring: composed resource 'p' reads spec.parameters.flowLogs.s3RetentionDay, which the XRD schema does not have: spec.parameters.flowLogs has no field 's3RetentionDay' (declared: s3RetentionDays, destinations, tags, bucket)",
    ]);
  });

  test('the correctly spelled path, a list element within maxItems and a map key pass', () => {
    expect(problems((c) => policy(c, 'p', {
      policy: `${param('flowLogs.s3RetentionDays')} ${param('flowLogs.destinations[1].arn')} ${param('flowLogs.tags[team/name]')}`,
    }))).toEqual([]);
  });

  test('a list element beyond maxItems can never be set', () => {
    expect(problems((c) => policy(c, 'p', { policy: param('flowLogs.destinations[2].arn') }))).toEqual([
      "XWiring: composed resource 'p' reads spec.parameters.flowLogs.destinations[2].arn, which the XRD schema does not have: spec.parameters.flowLogs.destinations holds at most 2 elements: element 2 can never be set",
    ]);
  });

  test('a ToComposite patch writing an undeclared status field is named (the API server would prune it)', () => {
    expect(problems((c) => policy(c, 'p', { policy: 'x' }).addPatches(toComposite('status.atProvider.id', 'status.policyId')))).toEqual([
      "XWiring: composed resource 'p' writes status.policyId, which the XRD schema does not have: status has no field 'policyId' (declared: none)",
    ]);
  });

  test('an undeclared top-level parameter keeps its own message (reported once, not twice)', () => {
    expect(problems((c) => policy(c, 'p', { policy: param('flowLog.s3RetentionDays') }))).toEqual([
      "XWiring: composed resource 'p' reads spec.parameters.flowLog, which is not a declared parameter (declare it with parameter(), input(), bound() or permissionsBoundaryInput(); a claim's composite has no account parameter)",
    ]);
  });

  test('synth (packageFiles) refuses the package and names the path', () => {
    const app = new App();
    new WiringChart(app, (c) => policy(c, 'p', { policy: param('flowLogs.s3RetentionDay') }));
    expect(() => packageFiles(app)).toThrow("spec.parameters.flowLogs has no field 's3RetentionDay'");
  });

  test('fieldPathProblem: metadata maps, objects indexed, scalars stepped into, unparsable paths', () => {
    const root = compositeSchema({ type: 'object', properties: { spec: { type: 'object', properties: { parameters: { type: 'object', properties: { n: { type: 'integer' } } } } } } });
    expect(fieldPathProblem(root, 'metadata.labels[crossplane.io/composite]')).toBeUndefined();
    expect(fieldPathProblem(root, 'metadata.uid')).toBeUndefined();
    expect(fieldPathProblem(root, 'metadata.lables')).toBe("metadata has no field 'lables' (declared: name, namespace, uid, generateName, labels, annotations)");
    expect(fieldPathProblem(root, 'spec.parameters[0]')).toBe('spec.parameters is an object: it has no element 0');
    expect(fieldPathProblem(root, 'spec.parameters.n.x')).toBe("spec.parameters.n is an integer: it has no field 'x'");
    expect(fieldPathProblem(root, 'spec..parameters')).toMatch(/^'spec\.\.parameters' is not a field path: unexpected '\.' at position 5/);
    expect(fieldPathProblem({ type: 'object', xKubernetesPreserveUnknownFields: true }, 'anything.at[3].all')).toBeUndefined();
  });

  test('every composition of the package resolves every path and every sibling selector', () => {
    const charts = buildPackage(new App()).node.findAll().filter(DomainChart.isDomainChart);
    expect(charts.length).toBeGreaterThan(20);
    expect(charts.flatMap((c) => c.node.validate())).toEqual([]);
  });
});

describe('sibling selectors name a composed resource of the same composition', () => {
  test('a misspelled sibling name fails synth, naming where the selector sits', () => {
    expect(problems((c) => {
      new ComposedResource(c, { name: 'bucket', kind: Bucket, forProvider: {} });
      policy(c, 'p', { policy: 'x', bucketSelector: siblingSelector('bucekt') });
    })).toEqual([
      "XWiring: composed resource 'p' selects sibling 'bucekt' at spec.forProvider.bucketSelector, but this composition composes no resource named 'bucekt' (composed: bucket, p)",
    ]);
  });

  test('resource.selector() is the sibling selector of that resource, and passes', () => {
    expect(problems((c) => {
      const bucket = new ComposedResource(c, { name: 'bucket', kind: Bucket, forProvider: {} });
      expect(bucket.selector()).toEqual({ matchControllerRef: true, matchLabels: { 'zerotrust.io/component': 'bucket' } });
      policy(c, 'p', { policy: 'x', bucketSelector: bucket.selector() });
    })).toEqual([]);
  });
});

describe('typed parameter reads: ParameterRef.token()', () => {
  test('a declared field reads through its token, which patches the full path', () => {
    const chart = new WiringChart(new App(), (c) => policy(c, 'p', { policy: c.flowLogs.field('s3RetentionDays').token() }));
    expect(chart.flowLogs.field('destinations').item(1).field('arn').token()).toBe('${xr:spec.parameters.flowLogs.destinations[1].arn}');
    const p = chart.resources.find((r) => r.name === 'p')!.toTemplate('wiring').patches!.filter((x) => x.toFieldPath === 'spec.forProvider.policy');
    expect(p).toEqual([{ type: 'FromCompositeFieldPath', fromFieldPath: 'spec.parameters.flowLogs.s3RetentionDays', toFieldPath: 'spec.forProvider.policy', policy: { fromFieldPath: 'Required' } }]);
  });

  test('a misspelled field fails where the chart is constructed, naming the declared fields', () => {
    expect(() => new WiringChart(new App(), (c) => c.flowLogs.field('s3RetentionDay').token()))
      .toThrow("spec.parameters.flowLogs has no field 's3RetentionDay' (declared: s3RetentionDays, destinations, tags, bucket)");
  });
});

describe('ComposedResource is a construct that composes itself', () => {
  test('new ComposedResource(chart, props) is composed without compose(); compose() again changes nothing', () => {
    let bucket!: ComposedResource;
    const chart = new WiringChart(new App(), (c) => {
      bucket = new ComposedResource(c, { name: 'bucket', kind: Bucket, forProvider: {} });
      c.add(bucket);
    });
    expect(chart.resources.map((r) => r.name)).toEqual(['bucket']);
    expect(bucket.node.path).toBe('wiring/bucket');
  });

  test('a construct inside the chart (a pattern) composes into the chart it sits in', () => {
    const chart = new WiringChart(new App(), (c) => {
      const pattern = new Construct(c, 'pattern');
      new ComposedResource(pattern, { name: 'bucket', kind: Bucket, forProvider: {} });
    });
    expect(chart.resources.map((r) => r.name)).toEqual(['bucket']);
  });

  test('a name used twice in one chart fails at construction', () => {
    expect(() => new WiringChart(new App(), (c) => {
      new ComposedResource(c, { name: 'bucket', kind: Bucket, forProvider: {} });
      new ComposedResource(c, { name: 'bucket', kind: Bucket, forProvider: {} });
    })).toThrow("There is already a Construct with name 'bucket'");
  });

  test('a scope outside any domain chart is refused (nothing would compose the resource)', () => {
    expect(() => new ComposedResource(new App(), { name: 'bucket', kind: Bucket, forProvider: {} }))
      .toThrow("composed resource 'bucket': its scope (root) is not inside a domain chart (nothing would compose it)");
  });
});

describe('defaults are declared once, in the schema', () => {
  const bucket = (base: string) => (c: WiringChart) => new ComposedResource(c, {
    name: 'bucketPolicy', kind: BucketPolicy, forProvider: { policy: 'x', bucket: base },
    patches: [fromComposite(c.flowLogs.field('bucket').path, 'spec.forProvider.bucket')],
  });

  test('a base value contradicting the default of the parameter that patches it fails synth', () => {
    expect(problems(bucket('logs'))).toEqual([
      "XWiring: composed resource 'bucketPolicy' has \"logs\" at spec.forProvider.bucket in its base, but spec.parameters.flowLogs.bucket, which patches it, declares the default \"flow-logs\": declare the default once (read it with ParameterRef.defaultValue())",
    ]);
  });

  test('the base reads the default from the schema (ParameterRef.defaultValue) and passes', () => {
    const chart = new WiringChart(new App(), (c) => bucket(c.flowLogs.field('bucket').defaultValue<string>())(c));
    expect(chart.node.validate()).toEqual([]);
    expect(chart.flowLogs.field('s3RetentionDays').defaultValue()).toBe(365);
    expect(() => chart.flowLogs.field('destinations').defaultValue()).toThrow('spec.parameters.flowLogs.destinations declares no default');
  });

  test('the package\'s base values read from defaults: the web ACL scope, the alarm protocol, the private API method settings', () => {
    const byKind = new Map(buildPackage(new App()).node.findAll().filter(DomainChart.isDomainChart).map((c) => [c.names.kind, c]));
    const base = (kind: string, name: string) => byKind.get(kind)!.resources.find((r) => r.name === name)!.toTemplate('x').base as { spec: { forProvider: Record<string, unknown> } };
    expect(base('XWebFirewall', 'webAcl').spec.forProvider.scope).toBe('REGIONAL');
    expect(base('XSecurityMonitoring', 'securityAlarmSubscription').spec.forProvider.protocol).toBe('email');
    expect(base('XAccountPrivateApi', 'methodSettings').spec.forProvider.settings).toEqual({ metricsEnabled: true, dataTraceEnabled: false, loggingLevel: 'INFO', throttlingRateLimit: 100, throttlingBurstLimit: 50 });
  });
});
