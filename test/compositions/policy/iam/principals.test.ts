import { PrincipalType, Principals, compositeToken, renderPrincipals } from '../../../../compositions/policy/iam';

describe('Principals', () => {
  it('renders an account as its root ARN', () => {
    expect(Principals.account('123456789012')).toEqual({ type: PrincipalType.AWS, values: ['arn:aws:iam::123456789012:root'] });
  });

  it('renders a token account id as a root ARN with the token untouched', () => {
    const p = Principals.root(compositeToken('spec.parameters.accountId'));
    expect(p.values).toEqual(['arn:aws:iam::${xr:spec.parameters.accountId}:root']);
    expect(Principals.account('${xr:spec.parameters.accountId}')).toEqual(p);
  });

  it('throws if an account id is not 12 digits', () => {
    expect(() => Principals.account('12345')).toThrow("principal: account id '12345' must be 12 digits or a composite token");
  });

  it('throws if root() gets a literal id', () => {
    expect(() => Principals.root('123456789012')).toThrow(
      "principal: root() takes a composite token such as '${xr:spec.parameters.accountId}', got '123456789012'; use account() for a literal id",
    );
  });

  it('throws if a service principal is malformed', () => {
    expect(() => Principals.service('cloudtrail')).toThrow(
      "principal: service 'cloudtrail' must be a service principal like 'cloudtrail.amazonaws.com'",
    );
  });

  it('accepts regional and nested service principals', () => {
    expect(Principals.service('logs.eu-west-1.amazonaws.com', 'delivery.logs.amazonaws.com').values).toHaveLength(2);
  });

  it('throws if an ARN principal is not an ARN', () => {
    expect(() => Principals.arn('role/Admin')).toThrow("principal: 'role/Admin' is not an ARN (arn:partition:service:region:account:resource)");
  });

  it('treats tokens in ARNs as opaque', () => {
    expect(Principals.arn('arn:aws:iam::${xr:spec.accountId}:role/${xr:status.roleName}').values).toHaveLength(1);
  });

  it('throws if an AWS principal is neither ARN, account id nor *', () => {
    expect(() => Principals.aws(['admin'])).toThrow("principal: AWS principal 'admin' must be an ARN, a 12-digit account id or '*'");
  });

  it('throws if a factory gets no values', () => {
    expect(() => Principals.service()).toThrow('principal: service() needs at least one value');
  });
});

describe('renderPrincipals', () => {
  it('collapses a single value and sorts type keys, keeping value insertion order', () => {
    const json = renderPrincipals([
      Principals.service('cloudtrail.amazonaws.com'),
      Principals.arn('arn:aws:iam::123456789012:role/B', 'arn:aws:iam::123456789012:role/A'),
      Principals.account('123456789012'),
      Principals.arn('arn:aws:iam::123456789012:role/B'),
    ]);
    expect(JSON.stringify(json)).toBe(
      '{"AWS":["arn:aws:iam::123456789012:role/B","arn:aws:iam::123456789012:role/A","arn:aws:iam::123456789012:root"],"Service":"cloudtrail.amazonaws.com"}',
    );
  });

  it('renders anyone as a bare *', () => {
    expect(renderPrincipals([Principals.anyone()])).toBe('*');
  });

  it('keeps {"AWS":"*"} distinct from "*"', () => {
    expect(renderPrincipals(Principals.fromJson({ AWS: '*' }))).toEqual({ AWS: '*' });
  });

  it('throws if an unknown principal type is parsed', () => {
    expect(() => Principals.fromJson({ Users: 'x' })).toThrow("principal: type 'Users' is not one of AWS, Service, Federated, CanonicalUser");
  });
});
