import type { FunctionRequest, JsonObject, State } from '../../../renderer/types';
import { Ready } from '../../../renderer/types';
import { ENVIRONMENT_CONTEXT_KEY, patchAndTransform, validateResources } from '../../../renderer/functions/function-patch-and-transform';

const XR: JsonObject = { apiVersion: 'example.org/v1', kind: 'XR' };
const CD: JsonObject = { apiVersion: 'example.org/v1', kind: 'CD' };
const ENV_GVK = { apiVersion: 'internal.crossplane.io/v1alpha1', kind: 'Environment' };

function state(composite: JsonObject, resources: State['resources'] = {}, connectionDetails?: Record<string, string>): State {
  return { composite: connectionDetails ? { resource: composite, connectionDetails } : { resource: composite }, resources };
}

function request(input: JsonObject | undefined, observed: State, desired: State = state({}), context?: JsonObject): FunctionRequest {
  const req: FunctionRequest = { observed, desired };
  if (input !== undefined) req.input = { apiVersion: 'pt.fn.crossplane.io/v1beta1', kind: 'Resources', ...input };
  if (context !== undefined) req.context = context;
  return req;
}

const envContext = (env: JsonObject = {}) => ({ [ENVIRONMENT_CONTEXT_KEY]: { ...ENV_GVK, ...env } });

const timesThree: JsonObject[] = [
  { type: 'convert', convert: { toType: 'int64' } },
  { type: 'math', math: { type: 'Multiply', multiply: 3 } },
];

describe('patchAndTransform (fn_test.go)', () => {
  test('NoInput', () => {
    const req = request(undefined, state(XR));
    const rsp = patchAndTransform(req);
    expect(rsp.results).toEqual([
      { severity: 'Fatal', message: 'invalid Function input: resources: Required value: resources or environment patches are required' },
    ]);
    expect(rsp.desired).toEqual(req.desired);
  });

  test('RenderBaseTemplateWithoutPatches', () => {
    const rsp = patchAndTransform(request({ resources: [{ name: 'cool-resource', base: CD }] }, state(XR), state(XR)));
    expect(rsp).toEqual({
      desired: { composite: { resource: XR, connectionDetails: {} }, resources: { 'cool-resource': { resource: CD } } },
      results: [],
      context: envContext(),
    });
  });

  test('DesiredResourcesArePassedThrough', () => {
    const existing = { resource: { apiVersion: 'example.org/v1', kind: 'ExistingCD' }, ready: Ready.True };
    const rsp = patchAndTransform(
      request({ resources: [{ name: 'cool-resource', base: CD }] }, state(XR), state(XR, { 'existing-resource': existing })),
    );
    expect(rsp.desired.resources).toEqual({ 'existing-resource': existing, 'cool-resource': { resource: CD } });
    expect(rsp.results).toEqual([]);
  });

  test('PatchBaseTemplate', () => {
    const xr = { ...XR, spec: { widgets: '10' } };
    const rsp = patchAndTransform(
      request(
        { resources: [{ name: 'cool-resource', base: CD, patches: [{ type: 'FromCompositeFieldPath', fromFieldPath: 'spec.widgets', toFieldPath: 'spec.watchers', transforms: timesThree }] }] },
        state(xr),
        state(xr),
      ),
    );
    expect(rsp.desired.resources).toEqual({ 'cool-resource': { resource: { ...CD, spec: { watchers: 30 } } } });
    expect(rsp.desired.composite.resource).toEqual(xr);
  });

  test('PatchDesiredResource', () => {
    const xr = { ...XR, spec: { widgets: '10' } };
    const rsp = patchAndTransform(
      request(
        { resources: [{ name: 'cool-resource', patches: [{ fromFieldPath: 'spec.widgets', toFieldPath: 'spec.watchers', transforms: timesThree }] }] },
        state(xr),
        state(xr, { 'cool-resource': { resource: CD } }),
      ),
    );
    expect(rsp.desired.resources).toEqual({ 'cool-resource': { resource: { ...CD, spec: { watchers: 30 } } } });
    expect(rsp.results).toEqual([]);
  });

  test('NothingToPatch', () => {
    const xr = { ...XR, spec: { widgets: '10' } };
    const req = request({ resources: [{ name: 'cool-resource', patches: [{ fromFieldPath: 'spec.widgets', toFieldPath: 'spec.watchers' }] }] }, state(xr), state(xr));
    const rsp = patchAndTransform(req);
    expect(rsp.results).toEqual([
      { severity: 'Fatal', message: 'composed resource "cool-resource" has no base template, and was not produced by a previous Function in the pipeline' },
    ]);
    expect(rsp.desired).toEqual(state(xr));
  });

  test('ReplaceDesiredResource', () => {
    const rsp = patchAndTransform(
      request(
        { resources: [{ name: 'cool-resource', base: { ...CD, spec: { widgets: 9001 } } }] },
        state(XR),
        state(XR, { 'cool-resource': { resource: { ...CD, spec: { watchers: 42 } }, ready: Ready.True } }),
      ),
    );
    expect(rsp.desired.resources).toEqual({ 'cool-resource': { resource: { ...CD, spec: { widgets: 9001 } } } });
  });

  test('a template without base drops the readiness an earlier step set', () => {
    const rsp = patchAndTransform(
      request({ resources: [{ name: 'cool-resource', patches: [] }] }, state(XR), state(XR, { 'cool-resource': { resource: CD, ready: Ready.True } })),
    );
    expect(rsp.desired.resources).toEqual({ 'cool-resource': { resource: CD } });
  });

  test('OptionalFieldPathNotFound', () => {
    const rsp = patchAndTransform(
      request(
        {
          resources: [
            {
              name: 'cool-resource',
              base: { ...CD, spec: {} },
              patches: [{ fromFieldPath: 'spec.widgets', toFieldPath: 'spec.watchers' }, { fromFieldPath: 'spec.doesNotExist' }],
            },
          ],
        },
        state({ ...XR, spec: { widgets: '10' } }),
      ),
    );
    expect(rsp.results).toEqual([]);
    expect(rsp.desired.composite.resource).toEqual(XR);
    expect(rsp.desired.resources).toEqual({ 'cool-resource': { resource: { ...CD, spec: { watchers: '10' } } } });
  });

  test('RequiredFieldPathNotFound', () => {
    const required = { fromFieldPath: 'Required' };
    const rsp = patchAndTransform(
      request(
        {
          resources: [
            { name: 'new-resource', base: { ...CD, spec: {} }, patches: [{ fromFieldPath: 'spec.doesNotExist', policy: required }] },
            {
              name: 'existing-resource',
              base: { ...CD, spec: { targetObject: { keep: 'me' } } },
              patches: [
                { fromFieldPath: 'spec.widgets', toFieldPath: 'spec.watchers' },
                { fromFieldPath: 'spec.sourceObject', toFieldPath: 'spec.targetObject', policy: { toFieldPath: 'MergeObject' } },
                { fromFieldPath: 'spec.doesNotExist', policy: required },
              ],
            },
          ],
        },
        state({ ...XR, spec: { widgets: '10', sourceObject: { me: 'too' } } }, { 'existing-resource': { resource: {} } }),
        state({ ...XR, spec: { widgets: '10' } }),
      ),
    );
    expect(rsp.results).toEqual([
      {
        severity: 'Warning',
        message: `not adding new composed resource "new-resource" to desired state because "FromCompositeFieldPath" patch at index 0 has 'policy.fromFieldPath: Required': spec.doesNotExist: no such field`,
      },
      {
        severity: 'Warning',
        message: `cannot render composed resource "existing-resource" "FromCompositeFieldPath" patch at index 2: ignoring 'policy.fromFieldPath: Required' because 'to' resource already exists: spec.doesNotExist: no such field`,
      },
    ]);
    expect(rsp.desired.resources).toEqual({
      'existing-resource': { resource: { ...CD, spec: { watchers: '10', targetObject: { me: 'too', keep: 'me' } } } },
    });
    // The held-back resource keeps the XR from becoming ready.
    expect(rsp.desired.composite.ready).toBe(Ready.False);
    expect(rsp.desired.composite.resource).toEqual({ ...XR, spec: { widgets: '10' } });
  });

  test('a Required patch that fails stops the remaining patches of that template only', () => {
    const rsp = patchAndTransform(
      request(
        {
          resources: [
            { name: 'a', base: CD, patches: [{ fromFieldPath: 'spec.missing', policy: { fromFieldPath: 'Required' } }, { fromFieldPath: 'kind', toFieldPath: 'spec.list[*]' }] },
            { name: 'b', base: CD },
          ],
        },
        state(XR),
      ),
    );
    // The second patch of "a" would be fatal (wildcard over nothing) but is never reached.
    expect(rsp.results.map((r) => r.severity)).toEqual(['Warning']);
    expect(Object.keys(rsp.desired.resources)).toEqual(['b']);
  });

  test('a Required To*Composite patch whose source is missing only warns', () => {
    const rsp = patchAndTransform(
      request(
        { resources: [{ name: 'cd', base: CD, patches: [{ type: 'ToCompositeFieldPath', fromFieldPath: 'status.arn', toFieldPath: 'status.arn', policy: { fromFieldPath: 'Required' } }] }] },
        state(XR, { cd: { resource: { ...CD, metadata: { name: 'cd-1' } } } }),
      ),
    );
    expect(rsp.results).toEqual([
      {
        severity: 'Warning',
        message: `cannot render composed resource "cd" "ToCompositeFieldPath" patch at index 0: ignoring 'policy.fromFieldPath: Required' because 'to' resource already exists: status: no such field`,
      },
    ]);
    expect(rsp.desired.resources.cd).toEqual({ resource: { ...CD, metadata: { name: 'cd-1' } } });
    expect(rsp.desired.composite.ready).toBeUndefined();
  });

  test('PatchErrorIsFatal', () => {
    const xr = { ...XR, spec: { widgets: '10' } };
    const req = request(
      { resources: [{ name: 'cool-resource', base: { ...CD, spec: {} }, patches: [{ fromFieldPath: 'spec.widgets', toFieldPath: 'spec.watchers' }, { fromFieldPath: 'spec.widgets[0]' }] }] },
      state(xr),
      state(xr),
      envContext({ keep: 'me' }),
    );
    const rsp = patchAndTransform(req);
    expect(rsp.results).toEqual([
      { severity: 'Fatal', message: 'cannot render composed resource "cool-resource" "FromCompositeFieldPath" patch at index 1: spec.widgets: not an array' },
    ]);
    expect(rsp.desired).toEqual(state(xr));
    expect(rsp.context).toEqual(envContext({ keep: 'me' }));
  });

  test('warnings emitted before a fatal error are kept', () => {
    const rsp = patchAndTransform(
      request(
        {
          resources: [
            { name: 'a', base: CD, patches: [{ fromFieldPath: 'spec.missing', policy: { fromFieldPath: 'Required' } }] },
            { name: 'b', base: CD, patches: [{ fromFieldPath: 'metadata.name', toFieldPath: 'spec.list[*].name' }] },
          ],
        },
        state({ ...XR, metadata: { name: 'xr' } }),
      ),
    );
    expect(rsp.results.map((r) => r.severity)).toEqual(['Warning', 'Fatal']);
    expect(rsp.results[1]!.message).toBe('cannot render composed resource "b" "FromCompositeFieldPath" patch at index 0: cannot expand ToFieldPath spec.list[*].name');
  });

  test('ObservedResourceKeepsItsName', () => {
    const rsp = patchAndTransform(
      request(
        { resources: [{ name: 'cool-resource', base: { ...CD, metadata: { name: 'from-base', namespace: 'other' } } }] },
        state(XR, { 'cool-resource': { resource: { ...CD, metadata: { namespace: 'default', name: 'cool-42' } } } }),
        state(XR),
      ),
    );
    expect(rsp.desired.resources).toEqual({ 'cool-resource': { resource: { ...CD, metadata: { namespace: 'default', name: 'cool-42' } } } });
  });

  test('an observed resource without a namespace removes the base namespace', () => {
    const rsp = patchAndTransform(
      request(
        { resources: [{ name: 'r', base: { ...CD, metadata: { namespace: 'other', labels: { a: 'b' } } } }] },
        state(XR, { r: { resource: { ...CD, metadata: { name: 'r-1' } } } }),
      ),
    );
    expect(rsp.desired.resources.r!.resource).toEqual({ ...CD, metadata: { labels: { a: 'b' }, name: 'r-1' } });
  });

  test('ExtractCompositeConnectionDetails', () => {
    const rsp = patchAndTransform(
      request(
        { resources: [{ name: 'cool-resource', base: CD, connectionDetails: [{ type: 'FromConnectionSecretKey', name: 'very', fromConnectionSecretKey: 'very' }] }] },
        state(XR, { 'cool-resource': { resource: { ...CD, metadata: { namespace: 'default', name: 'cool-42' } }, connectionDetails: { very: 'secret' } } }),
        state(XR, {}, { existing: 'supersecretvalue' }),
      ),
    );
    expect(rsp.desired.composite.connectionDetails).toEqual({ existing: 'supersecretvalue', very: 'secret' });
    expect(rsp.desired.resources).toEqual({ 'cool-resource': { resource: { ...CD, metadata: { namespace: 'default', name: 'cool-42' } } } });
  });

  test('ExtractCompositeConnectionDetailsV2XR', () => {
    const xr = { ...XR, metadata: { name: 'my-xr', namespace: 'team-a' }, spec: { crossplane: { compositionRef: { name: 'c' } } } };
    const rsp = patchAndTransform(
      request(
        {
          resources: [
            {
              name: 'db',
              base: CD,
              connectionDetails: [
                { type: 'FromConnectionSecretKey', name: 'password', fromConnectionSecretKey: 'password' },
                { type: 'FromValue', name: 'port', value: '5432' },
              ],
            },
          ],
        },
        state(xr, { db: { resource: { ...CD, metadata: { name: 'db-1' } }, connectionDetails: { password: 'hunter2' } } }),
        // An earlier pipeline step already produced a detail, and one this step overrides.
        state(xr, {}, { endpoint: 'db.example', port: '1' }),
      ),
    );
    // The desired XR keeps every step's details (later steps win), as fn.go's maps.Copy into dxr does.
    expect(rsp.desired.composite.connectionDetails).toEqual({ endpoint: 'db.example', password: 'hunter2', port: '5432' });
    expect(rsp.desired.resources['my-xr-connection-secret']).toEqual({
      resource: {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'my-xr-connection', namespace: 'team-a' },
        data: { endpoint: 'ZGIuZXhhbXBsZQ==', password: 'aHVudGVyMg==', port: 'NTQzMg==' },
        type: 'connection.crossplane.io/v1alpha1',
      },
      ready: Ready.True,
    });
  });

  test('a v2 XR without connection details composes no Secret', () => {
    const xr = { ...XR, metadata: { name: 'my-xr' }, spec: { crossplane: {} } };
    const rsp = patchAndTransform(request({ resources: [{ name: 'db', base: CD }] }, state(xr)));
    expect(Object.keys(rsp.desired.resources)).toEqual(['db']);
  });

  test('readiness check errors are warnings', () => {
    const rsp = patchAndTransform(
      request(
        { resources: [{ name: 'db', base: CD, readinessChecks: [{ type: 'MatchString', fieldPath: 'spec.n', matchString: '1' }] }] },
        state(XR, { db: { resource: { ...CD, spec: { n: 1 } } } }),
      ),
    );
    expect(rsp.results).toEqual([
      { severity: 'Warning', message: 'cannot check readiness of composed resource "db": cannot run readiness check at index 0: spec.n: not a string' },
    ]);
    expect(rsp.desired.resources.db!.ready).toBeUndefined();
  });

  test('an existing resource that passes its readiness checks is marked ready', () => {
    const observed = { ...CD, metadata: { name: 'db-1' }, status: { conditions: [{ type: 'Ready', status: 'True' }], atProvider: { id: 'x' } } };
    const rsp = patchAndTransform(
      request(
        {
          resources: [
            { name: 'by-condition', base: CD },
            { name: 'by-check', base: CD, readinessChecks: [{ type: 'NonEmpty', fieldPath: 'status.atProvider.id' }] },
            { name: 'not-observed', base: CD },
          ],
        },
        state(XR, { 'by-condition': { resource: observed }, 'by-check': { resource: { ...observed, status: { atProvider: { id: 'x' } } } } }),
      ),
    );
    expect(rsp.desired.resources['by-condition']!.ready).toBe(Ready.True);
    expect(rsp.desired.resources['by-check']!.ready).toBe(Ready.True);
    expect(rsp.desired.resources['not-observed']!.ready).toBeUndefined();
  });

  test('PatchToComposite', () => {
    const rsp = patchAndTransform(
      request(
        { resources: [{ name: 'cool-resource', base: CD, patches: [{ type: 'ToCompositeFieldPath', fromFieldPath: 'spec.widgets', toFieldPath: 'spec.watchers', transforms: timesThree }] }] },
        state(XR, { 'cool-resource': { resource: { ...CD, metadata: { namespace: 'default', name: 'cool-42' }, spec: { widgets: '10' } } } }),
        state(XR),
      ),
    );
    expect(rsp.desired.composite.resource).toEqual({ ...XR, spec: { watchers: 30 } });
    expect(rsp.desired.resources).toEqual({ 'cool-resource': { resource: { ...CD, metadata: { namespace: 'default', name: 'cool-42' } } } });
  });

  test('PatchToCompositeWithEnvironmentPatches', () => {
    const observedXR = { apiVersion: 'example.org/v1', kind: 'CD', spec: {} };
    const rsp = patchAndTransform(
      request(
        {
          resources: [{ name: 'cool-resource', base: CD }],
          environment: { patches: [{ type: 'ToCompositeFieldPath', fromFieldPath: 'widgets', toFieldPath: 'spec.watchers', transforms: timesThree }] },
        },
        state(observedXR),
        state({}),
        envContext({ widgets: '10' }),
      ),
    );
    expect(rsp.desired.composite.resource).toEqual({ apiVersion: 'example.org/v1', kind: 'CD', spec: { watchers: 30 } });
    expect(rsp.desired.resources).toEqual({ 'cool-resource': { resource: CD } });
    expect(rsp.context).toEqual(envContext({ widgets: '10' }));
  });

  test('EnvironmentPatchToEnvironment', () => {
    const rsp = patchAndTransform(
      request(
        {
          resources: [{ name: 'cool-resource', base: CD }],
          environment: {
            patches: [
              {
                type: 'FromCompositeFieldPath',
                fromFieldPath: 'spec.watchers',
                toFieldPath: 'widgets',
                transforms: [
                  { type: 'math', math: { type: 'Multiply', multiply: 3 } },
                  { type: 'convert', convert: { toType: 'string' } },
                ],
              },
            ],
          },
        },
        state({ apiVersion: 'example.org/v1', kind: 'CD', spec: { watchers: 10 } }),
        state({}),
        envContext(),
      ),
    );
    expect(rsp.desired.composite.resource).toEqual({ apiVersion: 'example.org/v1', kind: 'CD' });
    expect(rsp.context).toEqual(envContext({ widgets: '30' }));
  });

  test('PatchComposedResourceFromEnvironment', () => {
    const rsp = patchAndTransform(
      request(
        { resources: [{ name: 'cool-resource', base: CD, patches: [{ type: 'FromEnvironmentFieldPath', fromFieldPath: 'widgets', toFieldPath: 'spec.watchers', transforms: timesThree }] }] },
        state({ apiVersion: 'example.org/v1', kind: 'CD', spec: {} }),
        state({}),
        envContext({ widgets: '10' }),
      ),
    );
    expect(rsp.desired.resources).toEqual({ 'cool-resource': { resource: { ...CD, spec: { watchers: 30 } } } });
  });

  const shadowed: JsonObject = {
    resources: [
      {
        name: 'cool-resource',
        base: CD,
        patches: [
          { type: 'FromEnvironmentFieldPath', fromFieldPath: 'widgets', toFieldPath: 'spec.watchers', transforms: timesThree },
          { type: 'FromCompositeFieldPath', fromFieldPath: 'spec.watchers', toFieldPath: 'spec.watchers' },
        ],
      },
    ],
  };

  test('PatchComposedResourceFromEnvironmentShadowedNotSet', () => {
    const rsp = patchAndTransform(request(shadowed, state({ apiVersion: 'example.org/v1', kind: 'CD', spec: {} }), state({}), envContext({ widgets: '10' })));
    expect(rsp.desired.resources).toEqual({ 'cool-resource': { resource: { ...CD, spec: { watchers: 30 } } } });
  });

  test('PatchComposedResourceFromEnvironmentShadowedSet', () => {
    const rsp = patchAndTransform(
      request(shadowed, state({ apiVersion: 'example.org/v1', kind: 'CD', spec: { watchers: 42 } }), state({}), envContext({ widgets: '10' })),
    );
    expect(rsp.desired.resources).toEqual({ 'cool-resource': { resource: { ...CD, spec: { watchers: 42 } } } });
  });

  test('EnvironmentPatchRequiredNotFoundError', () => {
    const req = request(
      {
        resources: [{ name: 'cool-resource', base: CD }],
        environment: { patches: [{ type: 'FromCompositeFieldPath', fromFieldPath: 'spec.missing', toFieldPath: 'value', policy: { fromFieldPath: 'Required' } }] },
      },
      state({ ...XR, spec: {} }),
      state(XR),
    );
    const rsp = patchAndTransform(req);
    expect(rsp.results).toEqual([
      { severity: 'Fatal', message: 'cannot apply the "FromCompositeFieldPath" environment patch at index 0: spec.missing: no such field' },
    ]);
    expect(rsp.desired).toEqual(state(XR));
  });

  test('EnvironmentPatchOptionalNotFound', () => {
    const rsp = patchAndTransform(
      request(
        { environment: { patches: [{ type: 'FromCompositeFieldPath', fromFieldPath: 'spec.missing', toFieldPath: 'value' }] } },
        state({ ...XR, spec: {} }),
      ),
    );
    expect(rsp.results).toEqual([]);
    expect(rsp.context).toEqual(envContext());
  });

  test('other context keys are preserved and the environment gets its default GVK', () => {
    const rsp = patchAndTransform(request({ resources: [{ name: 'cd', base: CD }] }, state(XR), state(XR), { 'example.org/other': { a: 1 } }));
    expect(rsp.context).toEqual({ 'example.org/other': { a: 1 }, ...envContext() });
  });

  test('UndefinedPatchSet', () => {
    const rsp = patchAndTransform(request({ resources: [{ name: 'cd', base: CD, patches: [{ type: 'PatchSet', patchSetName: 'nope' }] }] }, state(XR)));
    expect(rsp.results).toEqual([{ severity: 'Fatal', message: 'cannot resolve PatchSets: cannot find PatchSet by name nope' }]);
  });

  test('PatchSet patches are applied in place', () => {
    const rsp = patchAndTransform(
      request(
        {
          patchSets: [{ name: 'common', patches: [{ fromFieldPath: 'spec.region', toFieldPath: 'spec.forProvider.region' }] }],
          resources: [{ name: 'cd', base: CD, patches: [{ type: 'PatchSet', patchSetName: 'common' }, { fromFieldPath: 'spec.size', toFieldPath: 'spec.forProvider.size' }] }],
        },
        state({ ...XR, spec: { region: 'eu-west-1', size: 'L' } }),
      ),
    );
    expect(rsp.desired.resources.cd!.resource).toEqual({ ...CD, spec: { forProvider: { region: 'eu-west-1', size: 'L' } } });
  });

  test('a base template without kind cannot be parsed', () => {
    const rsp = patchAndTransform(request({ resources: [{ name: 'cd', base: { apiVersion: 'v1', metadata: { name: 'x' } } }] }, state(XR)));
    expect(rsp.results).toEqual([
      {
        severity: 'Fatal',
        message: `cannot parse base template of composed resource "cd": Object 'Kind' is missing in '{"apiVersion":"v1","metadata":{"name":"x"}}'`,
      },
    ]);
  });
});

describe('validateResources (validate_test.go)', () => {
  const withPatch = (patch: JsonObject) => ({ resources: [{ name: 'r', base: CD, patches: [patch] }] });

  test('ValidFromCompositeFieldPath', () => expect(validateResources(withPatch({ type: 'FromCompositeFieldPath', fromFieldPath: 'spec.forProvider.foo' }))).toBeUndefined());

  test('FromCompositeFieldPathWithInvalidTransforms', () =>
    expect(validateResources(withPatch({ type: 'FromCompositeFieldPath', fromFieldPath: 'spec.a', transforms: [{ type: 'math' }] }))).toBe(
      'resources[0].patches[0].transforms[0].math: Required value: given transform type math requires configuration',
    ));

  test('a string transform without type is fatal input (no CRD defaulting)', () => {
    const rsp = patchAndTransform(
      request({ resources: [{ name: 'r', base: CD, patches: [{ fromFieldPath: 'spec.a', transforms: [{ type: 'string', string: { fmt: '%s' } }] }] }] }, state(XR)),
    );
    expect(rsp.results).toEqual([
      { severity: 'Fatal', message: 'invalid Function input: resources[0].patches[0].transforms[0].string.type: Required value: string transform type is required' },
    ]);
  });

  test('InvalidFromCompositeFieldPathMissingFromFieldPath', () =>
    expect(validateResources(withPatch({ type: 'FromCompositeFieldPath' }))).toBe(
      'resources[0].patches[0].fromFieldPath: Required value: fromFieldPath must be set for patch type FromCompositeFieldPath',
    ));

  test('InvalidFromCompositeFieldPathMissingToFieldPath (ToCompositeFieldPath needs fromFieldPath)', () =>
    expect(validateResources(withPatch({ type: 'ToCompositeFieldPath', toFieldPath: 'status.x' }))).toBe(
      'resources[0].patches[0].fromFieldPath: Required value: fromFieldPath must be set for patch type ToCompositeFieldPath',
    ));

  test('InvalidPatchSetMissingPatchSetName', () =>
    expect(validateResources(withPatch({ type: 'PatchSet' }))).toBe(
      'resources[0].patches[0].patchSetName: Required value: patchSetName must be set for patch type PatchSet',
    ));

  test('InvalidCombineMissingCombine', () =>
    expect(validateResources(withPatch({ type: 'CombineToComposite' }))).toBe(
      'resources[0].patches[0].combine: Required value: combine must be set for patch type CombineToComposite',
    ));

  test('InvalidCombineMissingToFieldPath', () =>
    expect(validateResources(withPatch({ type: 'CombineToComposite', combine: { variables: [{ fromFieldPath: 'spec.forProvider.foo' }] } }))).toBe(
      'resources[0].patches[0].toFieldPath: Required value: toFieldPath must be set for patch type CombineToComposite',
    ));

  test('combine without strategy, variables or a variable path', () => {
    const combinePatch = (combine: JsonObject) => withPatch({ type: 'CombineFromComposite', toFieldPath: 'x', combine });
    expect(validateResources(combinePatch({ variables: [{ fromFieldPath: 'a' }] }))).toBe(
      'resources[0].patches[0].combine.strategy: Required value: a combine strategy must be provided',
    );
    expect(validateResources(combinePatch({ strategy: 'json', variables: [{ fromFieldPath: 'a' }] }))).toBe(
      'resources[0].patches[0].combine.strategy: Invalid value: "json": unknown strategy type',
    );
    expect(validateResources(combinePatch({ strategy: 'string', variables: [{ fromFieldPath: 'a' }] }))).toBe(
      'resources[0].patches[0].combine.string: Required value: string must be set for combine strategy string',
    );
    expect(validateResources(combinePatch({ strategy: 'string', string: { fmt: '%s' }, variables: [] }))).toBe(
      'resources[0].patches[0].combine.variables: Required value: at least one variable must be provided',
    );
    expect(validateResources(combinePatch({ strategy: 'string', string: { fmt: '%s' }, variables: [{ fromFieldPath: 'a' }, {}] }))).toBe(
      'resources[0].patches[0].combine.variables[1].fromFieldPath: Required value: fromFieldPath must be set for each combine variable',
    );
  });

  test('unknown patch type and policies', () => {
    expect(validateResources(withPatch({ type: 'Sideways' }))).toBe('resources[0].patches[0].type: Invalid value: "Sideways": unknown patch type');
    expect(validateResources(withPatch({ fromFieldPath: 'a', policy: { toFieldPath: 'Smush' } }))).toBe(
      'resources[0].patches[0].policy.toFieldPathPolicy: Invalid value: "Smush": unknown toFieldPathPolicy',
    );
    expect(validateResources(withPatch({ fromFieldPath: 'a', policy: { fromFieldPath: 'Maybe' } }))).toBe(
      'resources[0].patches[0].policy.fromFieldPathPolicy: Invalid value: "Maybe": unknown fromFieldPathPolicy',
    );
  });

  test('template name, connection details and readiness checks', () => {
    expect(validateResources({ resources: [{ base: CD }] })).toBe('resources[0].name: Required value: name is required');
    expect(validateResources({ resources: [{ name: 'r', connectionDetails: [{ type: 'FromValue', name: 'x' }] }] })).toBe(
      'resources[0].connectionDetails[0].value: Required value: value connection detail requires a value',
    );
    expect(validateResources({ resources: [{ name: 'r', readinessChecks: [{ type: 'MatchString', fieldPath: 'a' }] }] })).toBe(
      'resources[0].readinessChecks[0].matchString: Required value: cannot be nil for type MatchString',
    );
  });

  test('a PatchSet patch inside a patch set is rejected, without a patchSets prefix', () => {
    expect(validateResources({ patchSets: [{ name: 'ps', patches: [{ type: 'PatchSet', patchSetName: 'other' }] }], resources: [{ name: 'r' }] })).toBe(
      'patches[0].type: Invalid value: "PatchSet": patch type *v1beta1.PatchSetPatch does not support patch of type PatchSet',
    );
  });

  test('invalid environment patch type', () => {
    expect(validateResources({ environment: { patches: [{ type: 'CombineToEnvironment' }] } })).toBe(
      'environment.patches[0][type]: Invalid value: "CombineToEnvironment": invalid environment patch type',
    );
  });

  test('environment patches alone are valid input', () => {
    expect(validateResources({ environment: { patches: [{ type: 'FromCompositeFieldPath', fromFieldPath: 'spec.a' }] } })).toBeUndefined();
  });
});

// crossplane-runtime v2.1.0: a field of a null parent and a wildcard over null are "not found", so
// the patch policy decides; indexing null is a plain error and fatal.
describe('patches through null (paved.go notFoundError)', () => {
  const xr = { ...XR, spec: { network: null, tags: { team: 'a' } } };
  const withNullList = { ...CD, spec: { rules: null } };
  const run = (patch: JsonObject, observed: State['resources'] = {}, base: JsonObject = CD) =>
    patchAndTransform(request({ resources: [{ name: 'cd', base, patches: [patch] }] }, state(xr, observed), state(xr)));

  test('an Optional patch reading a field of a null parent is skipped', () => {
    const rsp = run({ type: 'FromCompositeFieldPath', fromFieldPath: 'spec.network.vpcId', toFieldPath: 'spec.vpcId' });
    expect(rsp.results).toEqual([]);
    expect(rsp.desired.resources.cd).toEqual({ resource: CD });
  });

  test('a Required one holds a new resource back and marks the XR not ready', () => {
    const rsp = run({ type: 'FromCompositeFieldPath', fromFieldPath: 'spec.network.vpcId', toFieldPath: 'spec.vpcId', policy: { fromFieldPath: 'Required' } });
    expect(rsp.results).toEqual([
      {
        severity: 'Warning',
        message:
          "not adding new composed resource \"cd\" to desired state because \"FromCompositeFieldPath\" patch at index 0 has 'policy.fromFieldPath: Required': spec.network: expected map, got nil",
      },
    ]);
    expect(rsp.desired.resources.cd).toBeUndefined();
    expect(rsp.desired.composite.ready).toBe(Ready.False);
  });

  test('a Required one only warns once the resource exists', () => {
    const rsp = run({ type: 'FromCompositeFieldPath', fromFieldPath: 'spec.network.vpcId', toFieldPath: 'spec.vpcId', policy: { fromFieldPath: 'Required' } }, { cd: { resource: CD } });
    expect(rsp.results.map((r) => r.severity)).toEqual(['Warning']);
    expect(rsp.desired.resources.cd).toEqual({ resource: CD });
  });

  test('a toFieldPath wildcard over a null array is not found: Optional skips, Required holds back', () => {
    const patch = { type: 'FromCompositeFieldPath', fromFieldPath: 'spec.tags.team', toFieldPath: 'spec.rules[*].team' };
    const optional = run(patch, {}, withNullList);
    expect(optional.results).toEqual([]);
    expect(optional.desired.resources.cd).toEqual({ resource: withNullList });
    const required = run({ ...patch, policy: { fromFieldPath: 'Required' } }, {}, withNullList);
    expect(required.results.map((r) => r.message)).toEqual([
      "not adding new composed resource \"cd\" to desired state because \"FromCompositeFieldPath\" patch at index 0 has 'policy.fromFieldPath: Required': " +
        'cannot expand wildcards for segments: "spec.rules[*].team": wildcard field "spec.rules" is not found in the path',
    ]);
    expect(required.desired.resources.cd).toBeUndefined();
  });

  test('indexing a null array is an error, and fatal', () => {
    const rsp = run({ type: 'FromCompositeFieldPath', fromFieldPath: 'spec.network[0]', toFieldPath: 'spec.vpcId' });
    expect(rsp.results).toEqual([
      { severity: 'Fatal', message: 'cannot render composed resource "cd" "FromCompositeFieldPath" patch at index 0: spec.network: not an array' },
    ]);
  });
});
