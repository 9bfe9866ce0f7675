import { ConditionOperator, Effect, PolicyStatement, Principals, compositeToken } from '../../../../compositions/policy/iam';

describe('PolicyStatement', () => {
  describe('building', () => {
    it('gives the same statement from props and from add-methods', () => {
      // GIVEN
      const fromProps = new PolicyStatement({
        sid: 'AllowTrail',
        principals: [Principals.service('cloudtrail.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: ['arn:aws:s3:::b/*'],
        conditions: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
      });
      // WHEN
      const fromMethods = new PolicyStatement({ sid: 'AllowTrail' })
        .addPrincipals(Principals.service('cloudtrail.amazonaws.com'))
        .addActions('s3:PutObject')
        .addResources('arn:aws:s3:::b/*')
        .addCondition(ConditionOperator.STRING_EQUALS, 's3:x-amz-acl', 'bucket-owner-full-control');
      // THEN
      expect(fromMethods.toJson()).toEqual(fromProps.toJson());
    });

    it('defaults to Allow', () => {
      expect(new PolicyStatement().effect).toBe(Effect.ALLOW);
    });

    it('de-duplicates actions and resources, keeping first-seen order', () => {
      const s = new PolicyStatement({ actions: ['s3:PutObject', 's3:GetObject', 's3:PutObject'], resources: ['*', '*'] });
      expect(s.toJson()).toEqual({ Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject'], Resource: '*' });
    });

    it('merges condition values for the same operator and key', () => {
      const s = new PolicyStatement()
        .addCondition('StringEquals', 'aws:SourceAccount', '111111111111')
        .addCondition('StringEquals', 'aws:SourceAccount', ['222222222222', '111111111111']);
      expect(s.conditions).toEqual({ StringEquals: { 'aws:SourceAccount': ['111111111111', '222222222222'] } });
    });

    it('accepts wildcard actions', () => {
      expect(new PolicyStatement({ actions: ['s3:Put*', 'kms:Generate?ataKey', '*'] }).actions).toHaveLength(3);
    });
  });

  describe('rejections', () => {
    it('throws if Action is added to a NotAction statement', () => {
      const s = new PolicyStatement({ sid: 'DenyAllBut', notActions: ['iam:*'] });
      expect(() => s.addActions('s3:GetObject')).toThrow(
        "statement 'DenyAllBut': cannot add Action because it already has NotAction; a statement uses only one of Action or NotAction",
      );
    });

    it('throws if NotAction is added to an Action statement', () => {
      expect(() => new PolicyStatement({ sid: 'S', actions: ['s3:GetObject'], notActions: ['s3:PutObject'] })).toThrow(
        "statement 'S': cannot add NotAction because it already has Action; a statement uses only one of Action or NotAction",
      );
    });

    it('throws if Principal and NotPrincipal are mixed', () => {
      const s = new PolicyStatement({ sid: 'P', principals: [Principals.anyone()] });
      expect(() => s.addNotPrincipals(Principals.account('123456789012'))).toThrow(
        "statement 'P': cannot add NotPrincipal because it already has Principal; a statement uses only one of Principal or NotPrincipal",
      );
    });

    it('throws if Resource and NotResource are mixed', () => {
      const s = new PolicyStatement({ sid: 'R', notResources: ['arn:aws:s3:::b'] });
      expect(() => s.addResources('*')).toThrow(
        "statement 'R': cannot add Resource because it already has NotResource; a statement uses only one of Resource or NotResource",
      );
    });

    it.each(['s3GetObject', 'S3:GetObject', 's3:', ':GetObject', 's3:Get Object', 's3:*/x'])('throws if action %j is malformed', (action) => {
      expect(() => new PolicyStatement({ sid: 'A' }).addActions(action)).toThrow(
        `statement 'A': action '${action}' must look like 'service:Action' (wildcards * and ? allowed, e.g. 's3:Put*') or be '*'`,
      );
    });

    it('throws if the condition operator is unknown, naming the sid and operator', () => {
      expect(() => new PolicyStatement({ sid: 'C' }).addCondition('StringEqual', 'aws:SourceAccount', '1')).toThrow(
        "statement 'C': condition operator 'StringEqual' is not an IAM condition operator; use one of StringEquals,",
      );
    });

    it('throws if the condition key is malformed', () => {
      expect(() => new PolicyStatement({ sid: 'C' }).addCondition('Bool', 'SecureTransport', 'false')).toThrow(
        "statement 'C': condition key 'SecureTransport' must look like 'prefix:Name'",
      );
    });

    it('throws if a Bool condition gets a non-boolean', () => {
      expect(() => new PolicyStatement({ sid: 'C' }).addCondition('Bool', 'aws:SecureTransport', 'no')).toThrow(
        "statement 'C': condition 'Bool' on 'aws:SecureTransport' takes 'true' or 'false', got 'no'",
      );
    });

    it('throws if a condition has no values', () => {
      expect(() => new PolicyStatement({ sid: 'C' }).addCondition('StringEquals', 'aws:SourceAccount', [])).toThrow(
        "statement 'C': condition 'StringEquals' on 'aws:SourceAccount' has no values; give at least one",
      );
    });

    it('throws if a parsed condition value is not a scalar', () => {
      expect(() => PolicyStatement.fromJson({ Sid: 'C', Effect: 'Allow', Condition: { StringEquals: { 'aws:SourceAccount': [{ x: 1 }] } } })).toThrow(
        `statement 'C': condition 'StringEquals' on 'aws:SourceAccount' takes strings, numbers or booleans, got {"x":1}`,
      );
    });

    it('throws if a resource is neither * nor an ARN', () => {
      expect(() => new PolicyStatement({ sid: 'R' }).addResources('my-bucket')).toThrow(
        "statement 'R': resource 'my-bucket' must be '*' or an ARN (arn:partition:service:region:account:resource)",
      );
    });

    it('throws if anyone is combined with another principal', () => {
      const s = new PolicyStatement({ sid: 'P', principals: [Principals.anyone()] });
      expect(() => s.addPrincipals(Principals.service('sns.amazonaws.com'))).toThrow(
        "statement 'P': principal '*' (anyone) cannot be combined with other principals; it already includes them",
      );
    });

    it('names a statement without sid as such', () => {
      expect(() => new PolicyStatement().addActions('bad')).toThrow("statement without sid: action 'bad' must look like");
    });

    it('throws if a frozen statement is changed', () => {
      const s = new PolicyStatement({ sid: 'F', actions: ['s3:GetObject'] }).freeze();
      expect(() => s.addResources('*')).toThrow("statement 'F': is frozen and cannot be changed");
    });
  });

  describe('validation', () => {
    const full = () =>
      new PolicyStatement({ sid: 'Ok', actions: ['kms:Decrypt'], resources: ['*'], principals: [Principals.account('123456789012')] });

    it('reports a statement without actions', () => {
      expect(new PolicyStatement({ sid: 'Empty', resources: ['*'] }).validateForAnyPolicy()).toEqual([
        "statement 'Empty': has no actions; add at least one action or notAction",
      ]);
    });

    it('passes a complete resource-policy statement', () => {
      expect(full().validateForResourcePolicy()).toEqual([]);
    });

    it('reports a resource-policy statement without principal or resource', () => {
      expect(new PolicyStatement({ sid: 'NoWho', actions: ['s3:GetObject'] }).validateForResourcePolicy()).toEqual([
        "statement 'NoWho': a resource policy statement must name a principal; add principals or notPrincipals",
        "statement 'NoWho': has no resources; add at least one resource or notResource",
      ]);
    });

    it('reports an identity-policy statement with a principal', () => {
      expect(full().validateForIdentityPolicy()).toEqual([
        "statement 'Ok': an identity policy statement must not name a principal; remove principals and notPrincipals",
      ]);
    });

    it('reports an identity-policy statement without resources and with a non-alphanumeric sid', () => {
      expect(new PolicyStatement({ sid: 'Read logs', actions: ['logs:GetLogEvents'] }).validateForIdentityPolicy()).toEqual([
        "statement 'Read logs': has no resources; add at least one resource or notResource",
        "statement 'Read logs': sid 'Read logs' must contain only letters and digits in an identity policy",
      ]);
    });

    it('reports a trust-policy statement with a resource', () => {
      expect(full().validateForTrustPolicy()).toEqual([
        "statement 'Ok': a trust policy statement must not name resources; remove resources and notResources",
      ]);
    });
  });

  describe('rendering', () => {
    it('emits keys in IAM order regardless of how the statement was built', () => {
      // GIVEN a statement built in scrambled order
      const s = new PolicyStatement({ effect: Effect.DENY })
        .addCondition('StringNotEquals', 'kms:ViaService', 's3.eu-west-1.amazonaws.com')
        .addCondition('ArnNotLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/BreakGlass')
        .addNotResources('arn:aws:kms:eu-west-1:123456789012:key/abc')
        .addActions('kms:Decrypt')
        .addPrincipals(Principals.anyone());
      const withSid = new PolicyStatement({ sid: 'Z', notActions: ['iam:*'], notPrincipals: [Principals.account('123456789012')] });
      // THEN
      expect(JSON.stringify(s.toJson())).toBe(
        '{"Effect":"Deny","Principal":"*","Action":"kms:Decrypt","NotResource":"arn:aws:kms:eu-west-1:123456789012:key/abc",' +
          '"Condition":{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/BreakGlass"},"StringNotEquals":{"kms:ViaService":"s3.eu-west-1.amazonaws.com"}}}',
      );
      expect(Object.keys(withSid.toJson())).toEqual(['Sid', 'Effect', 'NotPrincipal', 'NotAction']);
    });

    it('keeps tokens verbatim in every element', () => {
      const account = compositeToken('spec.parameters.accountId');
      const s = new PolicyStatement({
        sid: 'Tokens',
        principals: [Principals.root(account)],
        actions: ['s3:PutObject'],
        resources: [`arn:aws:s3:::${compositeToken('status.atProvider.bucket')}/AWSLogs/${account}/*`],
        conditions: { StringEquals: { 'aws:SourceArn': `arn:aws:cloudtrail:${compositeToken('spec.region')}:${account}:trail/main` } },
      });
      expect(JSON.stringify(s.toJson())).toBe(
        '{"Sid":"Tokens","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${xr:spec.parameters.accountId}:root"},"Action":"s3:PutObject",' +
          '"Resource":"arn:aws:s3:::${xr:status.atProvider.bucket}/AWSLogs/${xr:spec.parameters.accountId}/*",' +
          '"Condition":{"StringEquals":{"aws:SourceArn":"arn:aws:cloudtrail:${xr:spec.region}:${xr:spec.parameters.accountId}:trail/main"}}}',
      );
    });

    it('parses what it renders', () => {
      const s = new PolicyStatement({ sid: 'X', effect: Effect.DENY, principals: [Principals.anyone()], actions: ['*'], resources: ['*'] }).addCondition(
        'Bool',
        'aws:SecureTransport',
        false,
      );
      expect(PolicyStatement.fromJson(s.toJson()).toJson()).toEqual(s.toJson());
    });

    it('throws if parsed JSON has an unknown element or a bad Effect', () => {
      expect(() => PolicyStatement.fromJson({ Effect: 'Allow', Actions: 's3:GetObject' })).toThrow(
        "statement: unknown element(s) 'Actions'; allowed are Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource, Condition",
      );
      expect(() => PolicyStatement.fromJson({ Effect: 'Denied' })).toThrow(`statement: 'Effect' must be 'Allow' or 'Deny', got "Denied"`);
    });
  });
});
