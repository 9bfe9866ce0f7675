import {
  PolicyDocument,
  allowServiceWithSourceConditions,
  compositeToken,
  denyInsecureTransport,
  denyTlsVersionBelow,
  denyUnlessPrincipal,
} from '../../../../compositions/policy/iam';

const bucket = `arn:aws:s3:::${compositeToken('status.atProvider.id')}`;

describe('denyInsecureTransport', () => {
  it('denies everyone when aws:SecureTransport is false', () => {
    // WHEN
    const statements = denyInsecureTransport([bucket, `${bucket}/*`]);
    // THEN
    expect(statements.map((s) => s.toJson())).toEqual([
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: '*',
        Resource: [bucket, `${bucket}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ]);
    expect(new PolicyDocument({ statements }).validateForResourcePolicy()).toEqual([]);
  });

  it('adds a TLS version deny when asked', () => {
    const statements = denyInsecureTransport([bucket], { minimumTlsVersion: 1.2, actions: ['s3:*'] });
    expect(statements[1]!.toJson()).toEqual(
      expect.objectContaining({ Sid: 'DenyOutdatedTls', Action: 's3:*', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
    );
  });

  it('throws if the minimum TLS version is out of range', () => {
    expect(() => denyTlsVersionBelow([bucket], 12)).toThrow("denyTlsVersionBelow: 'minimumTlsVersion' must be between 1.0 and 1.3, got 12");
  });
});

describe('allowServiceWithSourceConditions', () => {
  it('pins the service to the source account and source ARN', () => {
    const s = allowServiceWithSourceConditions({
      sid: 'AllowConfigDelivery',
      services: ['config.amazonaws.com'],
      actions: ['s3:PutObject'],
      resources: [`${bucket}/AWSLogs/*`],
      sourceAccount: compositeToken('spec.parameters.accountId'),
      sourceArns: ['arn:aws:config:*:${xr:spec.parameters.accountId}:*'],
    });
    expect(s.toJson().Condition).toEqual({
      ArnLike: { 'aws:SourceArn': 'arn:aws:config:*:${xr:spec.parameters.accountId}:*' },
      StringEquals: { 'aws:SourceAccount': '${xr:spec.parameters.accountId}' },
    });
    expect(s.validateForResourcePolicy()).toEqual([]);
  });

  it('throws if neither source account nor source ARN is given', () => {
    expect(() =>
      allowServiceWithSourceConditions({ services: ['cloudtrail.amazonaws.com'], actions: ['s3:PutObject'], resources: ['*'] }),
    ).toThrow(
      "allowServiceWithSourceConditions: services 'cloudtrail.amazonaws.com' need 'sourceAccount' or 'sourceArns'; an unconditioned service principal is a confused deputy",
    );
  });
});

describe('denyUnlessPrincipal', () => {
  it('denies with an ArnNotLike aws:PrincipalArn exemption', () => {
    const s = denyUnlessPrincipal({ actions: ['cloudtrail:StopLogging'], exemptPrincipalArns: ['arn:aws:iam::*:role/BreakGlass'] });
    expect(s.toJson()).toEqual({
      Sid: 'DenyUnlessAllowedPrincipal',
      Effect: 'Deny',
      Action: 'cloudtrail:StopLogging',
      Resource: '*',
      Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/BreakGlass' } },
    });
  });

  it('throws if nothing is exempted', () => {
    expect(() => denyUnlessPrincipal({ actions: ['iam:*'], exemptPrincipalArns: [] })).toThrow(
      "denyUnlessPrincipal: 'exemptPrincipalArns' is empty; give at least one ARN pattern to exempt",
    );
  });
});
