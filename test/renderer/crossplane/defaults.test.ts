import { applyDefaults } from '../../../renderer/crossplane/defaults';
import type { JsonObject } from '../../../renderer/types';
import { render } from '../../../renderer/render';
import { packageApis } from '../../support/render-example';

describe('XRD defaulting, as the API server does it', () => {
  test('absent properties get their default, recursively, and present values are kept', () => {
    const schema: JsonObject = {
      type: 'object',
      properties: {
        region: { type: 'string', default: 'us-east-1' },
        section: { type: 'object', default: {}, properties: { days: { type: 'integer', default: 365 }, name: { type: 'string' } } },
        list: { type: 'array', items: { type: 'object', properties: { port: { type: 'integer', default: 443 } } } },
      },
    };
    const value: JsonObject = { region: 'eu-west-1', list: [{}, { port: 22 }] };
    applyDefaults(value, schema);
    expect(value).toEqual({ region: 'eu-west-1', section: { days: 365 }, list: [{ port: 443 }, { port: 22 }] });
  });

  test('a claim without region renders in the XRD default region', () => {
    const claim: JsonObject = {
      apiVersion: 'aws.zerotrust.io/v1alpha1', kind: 'XEncryption', metadata: { name: 'enc' },
      spec: { parameters: { accountId: '111122223333', environmentSuffix: 'dev' } },
    };
    const out = render({ claimOrXr: claim, ...packageApis(), maxPasses: 2 });
    const key = out.resources.find((r) => r.kind === 'Key')!;
    expect(((key.spec as JsonObject).forProvider as JsonObject).region).toBe('us-east-1');
    expect(((out.composite.spec as JsonObject).parameters as JsonObject).deletionPolicy).toBe('Delete');
  });
});
