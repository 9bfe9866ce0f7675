import type { JsonObject } from '../../../renderer/types';
import { Ready } from '../../../renderer/types';
import {
  CONNECTION_SECRET_TYPE,
  composeConnectionSecret,
  connectionSecretRef,
  connectionSecretResourceName,
  extractConnectionDetails,
  supportsConnectionDetails,
  validateConnectionDetail,
} from '../../../renderer/functions/connection';

describe('extractConnectionDetails', () => {
  test('MissingNameError', () => {
    expect(() => extractConnectionDetails({}, {}, [{ type: 'FromValue' }])).toThrow('invalid: name: Required value: name is required');
  });

  test('FetchConfigSuccess', () => {
    const observed: JsonObject = {
      apiVersion: 'example.org/v1',
      kind: 'CD',
      metadata: { name: 'test', generation: 4 },
      spec: { writeConnectionSecretToRef: { name: 'cool-secret', namespace: 'cool-namespace' } },
    };
    const conn = extractConnectionDetails(observed, { foo: 'a', bar: 'b' }, [
      { type: 'FromConnectionSecretKey', name: 'bar', fromConnectionSecretKey: 'bar' },
      { type: 'FromConnectionSecretKey', name: 'none', fromConnectionSecretKey: 'none' },
      { type: 'FromConnectionSecretKey', name: 'convfoo', fromConnectionSecretKey: 'foo' },
      { type: 'FromValue', name: 'fixed', value: 'value' },
      { type: 'FromFieldPath', name: 'name', fromFieldPath: 'metadata.name' },
      { type: 'FromFieldPath', name: 'generation', fromFieldPath: 'metadata.generation' },
      { type: 'FromFieldPath', name: 'secretName', fromFieldPath: 'spec.writeConnectionSecretToRef.name' },
      { type: 'FromFieldPath', name: 'secretNamespace', fromFieldPath: 'spec.writeConnectionSecretToRef.namespace' },
      { type: 'FromFieldPath', name: 'missing', fromFieldPath: 'status.notThereYet' },
    ]);
    expect(conn).toEqual({
      convfoo: 'a',
      bar: 'b',
      fixed: 'value',
      name: 'test',
      generation: '4',
      secretName: 'cool-secret',
      secretNamespace: 'cool-namespace',
    });
  });

  test('FromFieldPath of an object is its Go JSON encoding (sorted keys, HTML-escaped)', () => {
    const conn = extractConnectionDetails({ status: { endpoint: { port: 5432, host: 'db<1>&co' } } }, {}, [
      { type: 'FromFieldPath', name: 'endpoint', fromFieldPath: 'status.endpoint' },
    ]);
    expect(conn).toEqual({ endpoint: '{"host":"db\\u003c1\\u003e\\u0026co","port":5432}' });
  });
});

describe('validateConnectionDetail', () => {
  const msg = (cd: JsonObject) => validateConnectionDetail(cd)?.message;
  test('InvalidType', () => expect(msg({ type: 'wat' })).toBe('type: Invalid value: "wat": unknown connection detail type'));
  test('MissingType', () => expect(msg({ name: 'x' })).toBe('type: Required value: connection detail type is required'));
  test('EmptyName', () => expect(msg({ type: 'FromValue', name: '' })).toBe('name: Required value: name is required'));
  test('InvalidValue', () => expect(msg({ type: 'FromValue', name: 'cool' })).toBe('value: Required value: value connection detail requires a value'));
  test('InvalidFromConnectionSecretKey', () =>
    expect(msg({ type: 'FromConnectionSecretKey', name: 'cool' })).toBe(
      'fromConnectionSecretKey: Required value: from connection secret key connection detail requires a key',
    ));
  test('InvalidFromFieldPath', () =>
    expect(msg({ type: 'FromFieldPath', name: 'cool' })).toBe('fromFieldPath: Required value: from field path connection detail requires a field path'));
  test('ValidValue', () => expect(msg({ type: 'FromValue', name: 'cool', value: 'cooler' })).toBeUndefined());
  test('ValidFromConnectionSecretKey', () => expect(msg({ type: 'FromConnectionSecretKey', name: 'cool', fromConnectionSecretKey: 'key' })).toBeUndefined());
  test('ValidFromFieldPath', () => expect(msg({ type: 'FromFieldPath', name: 'cool', fromFieldPath: 'status.coolness' })).toBeUndefined());
});

describe('connectionSecretRef', () => {
  test('InputProvided', () => {
    expect(connectionSecretRef({ metadata: { uid: 'test-uid-123' } }, { name: 'my-custom-secret', namespace: 'custom-namespace' })).toEqual({
      name: 'my-custom-secret',
      namespace: 'custom-namespace',
    });
  });

  test('XRHasWriteConnectionSecretToRef', () => {
    expect(connectionSecretRef({ spec: { writeConnectionSecretToRef: { name: 'xr-secret', namespace: 'xr-namespace' } } })).toEqual({
      name: 'xr-secret',
      namespace: 'xr-namespace',
    });
  });

  test('GenerateDefault', () => {
    expect(connectionSecretRef({ metadata: { name: 'my-xr', namespace: 'xr-namespace' } })).toEqual({ name: 'my-xr-connection', namespace: 'xr-namespace' });
  });

  test('PatchFromCompositeFieldPath', () => {
    const xr: JsonObject = { metadata: { name: 'my-database', namespace: 'production', uid: 'test-uid-456' }, spec: { parameters: { env: 'prod' } } };
    expect(
      connectionSecretRef(xr, {
        patches: [
          { type: 'FromCompositeFieldPath', fromFieldPath: 'metadata.uid', toFieldPath: 'name', transforms: [{ type: 'string', string: { type: 'Format', fmt: '%s-cool-creds' } }] },
          { type: 'FromCompositeFieldPath', fromFieldPath: 'spec.parameters.env', toFieldPath: 'namespace' },
        ],
      }),
    ).toEqual({ name: 'test-uid-456-cool-creds', namespace: 'prod' });
  });

  test('CombineFromComposite', () => {
    const xr: JsonObject = { metadata: { name: 'db-instance', namespace: 'default' }, spec: { parameters: { appName: 'myapp', env: 'staging' } } };
    expect(
      connectionSecretRef(xr, {
        patches: [
          {
            type: 'CombineFromComposite',
            combine: { variables: [{ fromFieldPath: 'spec.parameters.appName' }, { fromFieldPath: 'spec.parameters.env' }], strategy: 'string', string: { fmt: '%s-%s-cool-creds' } },
            toFieldPath: 'name',
          },
        ],
      }),
    ).toEqual({ name: 'myapp-staging-cool-creds', namespace: 'default' });
  });

  test('PatchesWithStaticBase', () => {
    const xr: JsonObject = { metadata: { name: 'my-xr', namespace: 'default' }, spec: { targetNamespace: 'custom-ns' } };
    expect(
      connectionSecretRef(xr, {
        name: 'base-secret-name',
        namespace: 'base-secret-namespace',
        patches: [{ type: 'FromCompositeFieldPath', fromFieldPath: 'spec.targetNamespace', toFieldPath: 'namespace' }],
      }),
    ).toEqual({ name: 'base-secret-name', namespace: 'custom-ns' });
  });

  test('UnsupportedPatchType', () => {
    expect(() => connectionSecretRef({ metadata: { name: 'my-xr' } }, { patches: [{ type: 'CombineToEnvironment' }] })).toThrow(
      'cannot apply connection secret patches: unsupported patch type CombineToEnvironment at index 0',
    );
  });

  test('an Optional patch whose source is missing is skipped', () => {
    expect(connectionSecretRef({ metadata: { name: 'x', namespace: 'ns' } }, { patches: [{ fromFieldPath: 'spec.nope', toFieldPath: 'name' }] })).toEqual({
      name: 'x-connection',
      namespace: 'ns',
    });
  });

  test('a Required patch whose source is missing fails', () => {
    expect(() =>
      connectionSecretRef({ metadata: { name: 'x' } }, { patches: [{ fromFieldPath: 'spec.nope', toFieldPath: 'name', policy: { fromFieldPath: 'Required' } }] }),
    ).toThrow('cannot apply connection secret patches: cannot apply patch type FromCompositeFieldPath at index 0: spec: no such field');
  });
});

describe('supportsConnectionDetails', () => {
  test('V1LegacyXRWithoutCrossplaneField', () => {
    expect(supportsConnectionDetails({ metadata: { uid: 'test-uid' }, spec: { writeConnectionSecretToRef: { name: 'my-secret' } } })).toBe(true);
  });
  test('V2ModernXRWithCrossplaneField', () => {
    expect(supportsConnectionDetails({ metadata: { uid: 'test-uid' }, spec: { crossplane: { compositionRef: { name: 'my-comp' } } } })).toBe(false);
  });
  test('V2XRWithWriteConnectionSecretToRefInSchema', () => {
    expect(
      supportsConnectionDetails({ spec: { crossplane: { compositionRef: { name: 'my-comp' } }, writeConnectionSecretToRef: { name: 'my-secret' } } }),
    ).toBe(false);
  });
});

describe('composeConnectionSecret', () => {
  const xr: JsonObject = { metadata: { name: 'my-xr', namespace: 'team-a' }, spec: { crossplane: {} } };

  test('no details, no secret', () => {
    expect(composeConnectionSecret(xr, {})).toBeUndefined();
  });

  test('a ready connection Secret with base64 data in the XR namespace', () => {
    expect(composeConnectionSecret(xr, { username: 'admin', password: 'pässword' })).toEqual({
      resource: {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'my-xr-connection', namespace: 'team-a' },
        data: { username: 'YWRtaW4=', password: 'cMOkc3N3b3Jk' },
        type: CONNECTION_SECRET_TYPE,
      },
      ready: Ready.True,
    });
    expect(connectionSecretResourceName(xr)).toBe('my-xr-connection-secret');
  });

  test('reference errors are wrapped', () => {
    expect(() => composeConnectionSecret(xr, { a: 'b' }, { patches: [{ type: 'ToCompositeFieldPath' }] })).toThrow(
      'cannot generate connection secret reference: cannot apply connection secret patches: unsupported patch type ToCompositeFieldPath at index 0',
    );
  });
});
