import { Effect, PolicyDocument, PolicyStatement, Principals, compositeToken, tokensIn } from '../../../../compositions/policy/iam';

const keyPolicy = () =>
  new PolicyDocument({
    statements: [
      new PolicyStatement({ sid: 'EnableIamPolicies', principals: [Principals.root(compositeToken('spec.parameters.accountId'))], actions: ['kms:*'], resources: ['*'] }),
      new PolicyStatement({
        sid: 'AllowCloudTrailEncrypt',
        principals: [Principals.service('cloudtrail.amazonaws.com')],
        actions: ['kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:*:${xr:spec.parameters.accountId}:trail/*' } },
      }),
    ],
  });

describe('PolicyDocument', () => {
  it('renders compact JSON byte-for-byte', () => {
    expect(keyPolicy().toString()).toBe(
      '{"Version":"2012-10-17","Statement":[' +
        '{"Sid":"EnableIamPolicies","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${xr:spec.parameters.accountId}:root"},"Action":"kms:*","Resource":"*"},' +
        '{"Sid":"AllowCloudTrailEncrypt","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"kms:GenerateDataKey","Resource":"*",' +
        '"Condition":{"StringLike":{"kms:EncryptionContext:aws:cloudtrail:arn":"arn:aws:cloudtrail:*:${xr:spec.parameters.accountId}:trail/*"}}}]}',
    );
  });

  it('renders identically on every call and for every construction order', () => {
    const a = keyPolicy();
    const b = new PolicyDocument().addStatements(...keyPolicy().statements);
    expect(a.toString()).toBe(a.toString());
    expect(b.toString()).toBe(a.toString());
  });

  it('keeps the tokens discoverable after rendering', () => {
    expect(tokensIn(keyPolicy().toString())).toEqual(['spec.parameters.accountId', 'spec.parameters.accountId']);
  });

  it('round-trips through fromJson, from an object and from a string', () => {
    const doc = keyPolicy();
    expect(PolicyDocument.fromJson(doc.toJson()).toString()).toBe(doc.toString());
    expect(PolicyDocument.fromJson(doc.toString()).toJson()).toEqual(doc.toJson());
  });

  it('parses a single statement object and array-valued elements', () => {
    const doc = PolicyDocument.fromJson({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['*'] } });
    expect(doc.toJson()).toEqual({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
  });

  it('throws if the version is missing or old', () => {
    expect(() => PolicyDocument.fromJson({ Version: '2008-10-17', Statement: [] })).toThrow(
      `policy document: 'Version' must be '2012-10-17', got "2008-10-17"`,
    );
  });

  it('throws if a Sid is used twice', () => {
    const doc = keyPolicy();
    expect(() => doc.addStatements(new PolicyStatement({ sid: 'EnableIamPolicies', actions: ['kms:*'] }))).toThrow(
      "policy document: duplicate sid 'EnableIamPolicies'; each statement needs a unique Sid",
    );
    expect(() => new PolicyDocument({ statements: [new PolicyStatement({ sid: 'A' }), new PolicyStatement({ sid: 'A' })] })).toThrow(
      "policy document: duplicate sid 'A'",
    );
  });

  it('passes resource-policy validation for a complete key policy', () => {
    expect(keyPolicy().validateForResourcePolicy()).toEqual([]);
  });

  it('aggregates statement messages, naming sid-less statements by position', () => {
    // GIVEN an identity policy with a principal in one statement and a resource-less second statement
    const doc = new PolicyDocument({
      statements: [
        new PolicyStatement({ sid: 'WithPrincipal', principals: [Principals.anyone()], actions: ['s3:GetObject'], resources: ['*'] }),
        new PolicyStatement({ effect: Effect.DENY, actions: ['s3:DeleteObject'] }),
      ],
    });
    // THEN
    expect(doc.validateForIdentityPolicy()).toEqual([
      "statement 'WithPrincipal': an identity policy statement must not name a principal; remove principals and notPrincipals",
      'statement 2 (no sid): has no resources; add at least one resource or notResource',
    ]);
  });

  it('reports an empty document', () => {
    expect(new PolicyDocument().validateForAnyPolicy()).toEqual(['policy document: has no statements; add at least one']);
    expect(new PolicyDocument().isEmpty).toBe(true);
  });
});
