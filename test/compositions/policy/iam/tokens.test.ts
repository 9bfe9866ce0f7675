import { compositeToken, hasToken, isWholeToken, maskTokens, tokensIn } from '../../../../compositions/policy/iam';

describe('composition tokens', () => {
  it('builds a token from a field path', () => {
    expect(compositeToken('spec.parameters.accountId')).toBe('${xr:spec.parameters.accountId}');
  });

  it('lists the field paths of every token in order', () => {
    const s = `arn:aws:s3:::${compositeToken('status.bucketName')}/AWSLogs/${compositeToken('spec.parameters.accountId')}/*`;
    expect(tokensIn(s)).toEqual(['status.bucketName', 'spec.parameters.accountId']);
  });

  it('ignores IAM policy variables', () => {
    expect(tokensIn('arn:aws:s3:::b/home/${aws:username}/*')).toEqual([]);
    expect(hasToken('${aws:PrincipalTag/team}')).toBe(false);
  });

  it('recognises a string that is exactly one token', () => {
    expect(isWholeToken('${xr:spec.a}')).toBe(true);
    expect(isWholeToken('x-${xr:spec.a}')).toBe(false);
    expect(isWholeToken('${xr:spec.a}${xr:spec.b}')).toBe(false);
  });

  it('masks tokens for syntax checks', () => {
    expect(maskTokens('arn:aws:iam::${xr:spec.accountId}:root', '0')).toBe('arn:aws:iam::0:root');
  });

  it('throws if the field path is empty or holds whitespace or a brace', () => {
    expect(() => compositeToken('')).toThrow("composite token: field path '' must be non-empty and contain no whitespace or '}'");
    expect(() => compositeToken('spec.a b')).toThrow("field path 'spec.a b' must be non-empty");
    expect(() => compositeToken('spec}')).toThrow("field path 'spec}' must be non-empty");
  });
});
