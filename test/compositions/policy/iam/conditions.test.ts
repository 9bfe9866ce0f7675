import {
  ConditionOperator,
  conditionKeyProblem,
  conditionOperatorProblem,
  forAllValues,
  forAnyValue,
  ifExists,
} from '../../../../compositions/policy/iam';

describe('condition operators', () => {
  it.each([
    'StringEquals',
    'ArnNotLike',
    'Null',
    'NumericLessThan',
    'BinaryEquals',
    'NotIpAddress',
    'StringLikeIfExists',
    'ForAllValues:StringLike',
    'ForAnyValue:StringEqualsIgnoreCase',
    'ForAnyValue:ArnLikeIfExists',
  ])('accepts %s', (op) => {
    expect(conditionOperatorProblem(op)).toBeUndefined();
  });

  it('builds qualified operators', () => {
    expect(ifExists(ConditionOperator.STRING_EQUALS)).toBe('StringEqualsIfExists');
    expect(forAllValues(ConditionOperator.STRING_LIKE)).toBe('ForAllValues:StringLike');
    expect(forAnyValue(ifExists(ConditionOperator.ARN_LIKE))).toBe('ForAnyValue:ArnLikeIfExists');
  });

  it.each(['StringEqual', 'stringequals', 'IfExists', 'ForSomeValues:StringLike', 'StringEqualsIfExistsIfExists', ''])(
    'rejects %j',
    (op) => {
      expect(conditionOperatorProblem(op)).toMatch(new RegExp(`^condition operator '${op}' is not an IAM condition operator; use one of StringEquals, `));
    },
  );

  it('rejects Null with IfExists or a set prefix', () => {
    expect(conditionOperatorProblem('NullIfExists')).toBe(
      "condition operator 'NullIfExists' is not allowed: Null takes no ForAllValues:/ForAnyValue: prefix or IfExists suffix",
    );
    expect(conditionOperatorProblem('ForAnyValue:Null')).toMatch(/^condition operator 'ForAnyValue:Null' is not allowed/);
  });
});

describe('condition keys', () => {
  it.each(['aws:SecureTransport', 's3:x-amz-server-side-encryption', 'aws:PrincipalTag/${xr:spec.tagKey}', 'kms:EncryptionContext:aws:cloudtrail:arn'])(
    'accepts %s',
    (key) => {
      expect(conditionKeyProblem(key)).toBeUndefined();
    },
  );

  it.each(['SecureTransport', ':x', 'aws: x'])('rejects %j', (key) => {
    expect(conditionKeyProblem(key)).toBe(
      `condition key '${key}' must look like 'prefix:Name' (e.g. 'aws:SecureTransport', 's3:x-amz-server-side-encryption')`,
    );
  });
});
