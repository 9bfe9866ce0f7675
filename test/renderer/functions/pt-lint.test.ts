import type { JsonObject } from '../../../renderer/types';
import { goFormatVerbs, lintPatchAndTransformInput } from '../../../renderer/functions/pt-lint';

const CD: JsonObject = { apiVersion: 'example.org/v1', kind: 'CD' };
const paths = (input: JsonObject) => lintPatchAndTransformInput(input).map((p) => p.path);
/** Path and message only; which resource a problem is in is asserted on its own. */
const plain = (input: JsonObject) => lintPatchAndTransformInput(input).map(({ path, message }) => ({ path, message }));
const withTransforms = (transforms: JsonObject[]): JsonObject => ({
  resources: [{ name: 'r', base: CD, patches: [{ fromFieldPath: 'spec.a', toFieldPath: 'spec.b', transforms }] }],
});
const T = 'resources[0].patches[0].transforms';

describe('lintPatchAndTransformInput', () => {
  test('clean input has no problems', () => {
    expect(
      plain({
        patchSets: [{ name: 'common', patches: [{ fromFieldPath: 'spec.region', toFieldPath: 'spec.forProvider.region' }] }],
        resources: [
          {
            name: 'r',
            base: CD,
            patches: [
              { type: 'PatchSet', patchSetName: 'common' },
              { type: 'ToCompositeFieldPath', fromFieldPath: 'status.atProvider.arn', toFieldPath: 'status.arn' },
              { fromFieldPath: 'spec.n', toFieldPath: 'spec.label', transforms: [{ type: 'convert', convert: { toType: 'int64' } }, { type: 'string', string: { type: 'Format', fmt: 'n-%d' } }] },
            ],
            readinessChecks: [{ type: 'MatchCondition', matchCondition: { type: 'Ready', status: 'True' } }],
            connectionDetails: [{ name: 'arn', type: 'FromFieldPath', fromFieldPath: 'status.atProvider.arn' }],
          },
        ],
      }),
    ).toEqual([]);
  });

  test('string transform without string.type', () => {
    expect(plain(withTransforms([{ type: 'string', string: { fmt: '%s-x' } }]))).toEqual([
      { path: `${T}[0].string.type`, message: 'string transform without type: the CRD default (Format) is not applied and the function fails at runtime' },
    ]);
  });

  test('math transform without math.type', () => {
    expect(paths(withTransforms([{ type: 'math', math: { multiply: 2 } }]))).toEqual([`${T}[0].math.type`]);
  });

  test('match pattern without type', () => {
    expect(paths(withTransforms([{ type: 'match', match: { patterns: [{ type: 'literal', literal: 'a', result: 1 }, { literal: 'b', result: 2 }] } }]))).toEqual([
      `${T}[0].match.patterns[1].type`,
    ]);
  });

  test('map with no pairs', () => {
    expect(paths(withTransforms([{ type: 'map', map: {} }, { type: 'map' }, { type: 'map', map: { a: 'b' } }]))).toEqual([`${T}[0].map`, `${T}[1].map`]);
  });

  test('string types and conversions the input CRD rejects', () => {
    expect(
      paths(
        withTransforms([
          { type: 'string', string: { type: 'Join', join: { separator: ',' } } },
          { type: 'string', string: { type: 'Replace', replace: { search: 'a', replace: 'b' } } },
          { type: 'string', string: { type: 'Convert', convert: 'ToAdler32' } },
        ]),
      ),
    ).toEqual([`${T}[0].string.type`, `${T}[1].string.type`, `${T}[2].string.convert`]);
  });

  test('%d in a string Format without a prior int64 conversion', () => {
    const problems = lintPatchAndTransformInput(withTransforms([{ type: 'string', string: { type: 'Format', fmt: 'replicas-%03d' } }]));
    expect(problems).toEqual([
      {
        path: `${T}[0].string.fmt`,
        message: 'format "replicas-%03d" uses %d, but numbers reach the function as float64 and render as %!d(float64=...); use %v/%s or convert to int64 first',
        resource: 'r',
      },
    ]);
    // A conversion back to string in between makes %d wrong again.
    expect(
      paths(
        withTransforms([
          { type: 'convert', convert: { toType: 'int64' } },
          { type: 'convert', convert: { toType: 'string' } },
          { type: 'string', string: { type: 'Format', fmt: '%d' } },
        ]),
      ),
    ).toEqual([`${T}[2].string.fmt`]);
    expect(paths(withTransforms([{ type: 'string', string: { type: 'Format', fmt: '100%% %s' } }]))).toEqual([]);
  });

  test('%d in a combine fmt', () => {
    expect(
      paths({
        resources: [
          {
            name: 'r',
            patches: [
              { type: 'CombineFromComposite', toFieldPath: 'spec.x', combine: { strategy: 'string', variables: [{ fromFieldPath: 'spec.a' }], string: { fmt: 'port-%d' } } },
            ],
          },
        ],
      }),
    ).toEqual(['resources[0].patches[0].combine.string.fmt']);
  });

  test('duplicate resource names', () => {
    expect(plain({ resources: [{ name: 'a', base: CD }, { name: 'b', base: CD }, { name: 'a', base: CD }] })).toEqual([
      { path: 'resources[2].name', message: 'duplicate resource name "a" (also resources[0])' },
    ]);
  });

  test('PatchSet reference to an unknown patch set, and without a name', () => {
    expect(
      plain({ resources: [{ name: 'r', patches: [{ type: 'PatchSet', patchSetName: 'missing' }, { type: 'PatchSet' }] }] }),
    ).toEqual([
      { path: 'resources[0].patches[0].patchSetName', message: 'references unknown patch set "missing"' },
      { path: 'resources[0].patches[1].patchSetName', message: 'PatchSet patch without patchSetName' },
    ]);
  });

  test('PatchSet inside a patch set', () => {
    expect(
      plain({
        patchSets: [
          { name: 'a', patches: [{ type: 'PatchSet', patchSetName: 'b' }] },
          { name: 'b', patches: [] },
        ],
        resources: [{ name: 'r' }],
      }),
    ).toEqual([
      // A patch-set patch has no patchSetName field at all: the decoder rejects it first.
      {
        path: 'patchSets[0].patches[0].patchSetName',
        message:
          'unknown field "patchSetName": function-patch-and-transform fails the run with: json: cannot unmarshal Go value of type v1beta1.PatchSetPatch: unknown name "patchSetName"',
      },
      { path: 'patchSets[0].patches[0].type', message: 'a patch set cannot contain a PatchSet patch' },
    ]);
  });

  test('ToCompositeFieldPath / CombineToComposite outside status (including the toFieldPath default)', () => {
    expect(
      plain({
        resources: [
          {
            name: 'r',
            patches: [
              { type: 'ToCompositeFieldPath', fromFieldPath: 'status.arn', toFieldPath: 'spec.arn' },
              { type: 'ToCompositeFieldPath', fromFieldPath: 'metadata.annotations' },
              { type: 'CombineToComposite', toFieldPath: 'metadata.labels.x', combine: { strategy: 'string', variables: [{ fromFieldPath: 'a' }], string: { fmt: '%s' } } },
              { type: 'ToCompositeFieldPath', fromFieldPath: 'status.id', toFieldPath: 'status.id' },
            ],
          },
        ],
        environment: { patches: [{ type: 'FromEnvironmentFieldPath', fromFieldPath: 'region', toFieldPath: 'spec.region' }] },
      }),
    ).toEqual([
      { path: 'environment.patches[0].toFieldPath', message: "FromEnvironmentFieldPath writes spec.region of the XR, but Crossplane keeps only the XR's status from function output" },
      { path: 'resources[0].patches[0].toFieldPath', message: "ToCompositeFieldPath writes spec.arn of the XR, but Crossplane keeps only the XR's status from function output" },
      { path: 'resources[0].patches[1].toFieldPath', message: "ToCompositeFieldPath writes metadata.annotations of the XR, but Crossplane keeps only the XR's status from function output" },
      { path: 'resources[0].patches[2].toFieldPath', message: "CombineToComposite writes metadata.labels.x of the XR, but Crossplane keeps only the XR's status from function output" },
    ]);
  });

  test('From*FieldPath patch without fromFieldPath', () => {
    expect(
      plain({
        resources: [{ name: 'r', patches: [{ toFieldPath: 'spec.x' }, { type: 'FromEnvironmentFieldPath', toFieldPath: 'spec.y' }] }],
      }),
    ).toEqual([
      { path: 'resources[0].patches[0].fromFieldPath', message: 'FromCompositeFieldPath patch without fromFieldPath' },
      { path: 'resources[0].patches[1].fromFieldPath', message: 'FromEnvironmentFieldPath patch without fromFieldPath' },
    ]);
  });

  test('readiness checks missing their type-specific fields', () => {
    expect(
      paths({
        resources: [
          {
            name: 'r',
            readinessChecks: [
              { type: 'MatchString', fieldPath: 'status.phase' },
              { type: 'MatchInteger', matchInteger: 1 },
              { type: 'NonEmpty' },
              { type: 'MatchCondition' },
              { type: 'MatchCondition', matchCondition: { type: 'Synced' } },
              {},
              { type: 'None' },
            ],
          },
        ],
      }),
    ).toEqual([
      'resources[0].readinessChecks[0].matchString',
      'resources[0].readinessChecks[1].fieldPath',
      'resources[0].readinessChecks[2].fieldPath',
      'resources[0].readinessChecks[3].matchCondition',
      'resources[0].readinessChecks[4].matchCondition.status',
      'resources[0].readinessChecks[5].type',
    ]);
  });

  test('connection details missing name, type or their source', () => {
    expect(
      paths({
        resources: [
          {
            name: 'r',
            connectionDetails: [{ type: 'FromValue', value: 'x' }, { name: 'b' }, { name: 'c', type: 'FromConnectionSecretKey' }],
          },
        ],
      }),
    ).toEqual(['resources[0].connectionDetails[0].name', 'resources[0].connectionDetails[1].type', 'resources[0].connectionDetails[2].fromConnectionSecretKey']);
  });
});

describe('goFormatVerbs', () => {
  test('skips %% and parses flags, width, precision and argument indexes', () => {
    expect(goFormatVerbs('%s-%03d %%d %-8.2f %[1]v %*d')).toEqual(['s', 'd', 'f', 'v', 'd']);
  });

  test('every key the function decoder rejects, mis-cased or unknown, named with its resource', () => {
    const problems = lintPatchAndTransformInput({
      apiVersion: 'pt.fn.crossplane.io/v1beta1',
      kind: 'Resources',
      resources: [
        { name: 'ok', base: CD },
        {
          name: 'key',
          base: CD,
          patches: [
            { fromFieldpath: 'spec.a', toFieldPath: 'spec.b', polcy: { fromFieldPath: 'Required' } },
            { fromFieldPath: 'spec.a', transforms: [{ type: 'math', math: { type: 'Multiply', multiply: 1.5 } }] },
          ],
        },
      ],
    });
    expect(problems).toEqual([
      {
        path: 'resources[1].patches[0].fromFieldpath',
        message:
          'unknown field "fromFieldpath" (did you mean "fromFieldPath"? names are case-sensitive): function-patch-and-transform fails the run with: json: cannot unmarshal Go value of type v1beta1.ComposedPatch: unknown name "fromFieldpath"',
        resource: 'key',
      },
      {
        path: 'resources[1].patches[0].polcy',
        message: 'unknown field "polcy": function-patch-and-transform fails the run with: json: cannot unmarshal Go value of type v1beta1.ComposedPatch: unknown name "polcy"',
        resource: 'key',
      },
      {
        path: 'resources[1].patches[1].transforms[0].math.multiply',
        message:
          'wrong type: function-patch-and-transform fails the run with: json: cannot unmarshal JSON number into Go value of type int64: cannot parse "1.5" as signed integer: invalid syntax',
        resource: 'key',
      },
      // The mis-cased key also leaves the patch without a fromFieldPath.
      { path: 'resources[1].patches[0].fromFieldPath', message: 'FromCompositeFieldPath patch without fromFieldPath', resource: 'key' },
    ]);
  });

  test('keys inside a base are the provider CRD validation\'s business, not the decoder\'s', () => {
    expect(plain({ resources: [{ name: 'r', base: { ...CD, spec: { forProvder: {} } } }] })).toEqual([]);
  });
});
