import { compositeNames, FunctionNames } from '../../../compositions/kernel/naming';

describe('compositeNames', () => {
  test('derives plural, XRD/Composition name and package directory from the kind', () => {
    expect(compositeNames('XEncryption')).toEqual({
      group: 'aws.zerotrust.io',
      version: 'v1alpha1',
      apiVersion: 'aws.zerotrust.io/v1alpha1',
      kind: 'XEncryption',
      plural: 'xencryptions',
      singular: 'xencryption',
      definitionName: 'xencryptions.aws.zerotrust.io',
      packageDir: 'apis/xencryptions',
    });
  });

  test('offers the claim named after the kind without X', () => {
    expect(compositeNames('XZeroTrustAccount', { offerClaim: true }).claim).toEqual({ kind: 'ZeroTrustAccount', plural: 'zerotrustaccounts' });
    expect(compositeNames('XSecurityHub').plural).toBe('xsecurityhubs');
    expect(compositeNames('XDataProtection').plural).toBe('xdataprotections');
    expect(compositeNames('XIdentity').plural).toBe('xidentities');
  });

  test('throws if the kind is not X + PascalCase', () => {
    expect(() => compositeNames('Encryption')).toThrow("composite kind 'Encryption' must be 'X' followed by a PascalCase name");
  });

  test('function names are the dependency names Crossplane gives the packages', () => {
    expect(FunctionNames).toEqual({
      environmentConfigs: 'crossplane-contrib-function-environment-configs',
      patchAndTransform: 'crossplane-contrib-function-patch-and-transform',
      celFilter: 'crossplane-contrib-function-cel-filter',
      autoReady: 'crossplane-contrib-function-auto-ready',
    });
  });
});
