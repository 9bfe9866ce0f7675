import {
  ConditionOperator,
  Effect,
  KMS_DECRYPT_ACTIONS,
  PolicyDocument,
  PolicyStatement,
  Principals,
  denyInsecureTransport,
  denyUnlessPrincipal,
} from '../../compositions/policy/iam';
import fs from 'node:fs';
import path from 'node:path';
import { simulate } from './iam-simulator';

const ACCOUNT = '111111111111';
const OTHER_ACCOUNT = '222222222222';

const allowAll = (actions: string[], resources: string[] = ['*']) =>
  new PolicyDocument({ statements: [new PolicyStatement({ actions, resources })] }).toJson();
const FULL_AWS_ACCESS = allowAll(['*']);

describe('iam-simulator harness', () => {
  describe('S3 bucket policy denying unencrypted puts', () => {
    // GIVEN a bucket policy that requires SSE-KMS and TLS, and a writer allowed by identity policy
    const bucketArn = 'arn:aws:s3:::audit-logs-111111111111';
    const bucketPolicy = new PolicyDocument({
      statements: [
        new PolicyStatement({
          sid: 'DenyUnencryptedPut',
          effect: Effect.DENY,
          principals: [Principals.anyone()],
          actions: ['s3:PutObject'],
          resources: [`${bucketArn}/*`],
          conditions: { [ConditionOperator.STRING_NOT_EQUALS]: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
        }),
        ...denyInsecureTransport([bucketArn, `${bucketArn}/*`]),
      ],
    });
    const base = {
      principal: `arn:aws:iam::${ACCOUNT}:role/Writer`,
      action: 's3:PutObject',
      resource: `${bucketArn}/AWSLogs/x.json.gz`,
      resourceAccount: ACCOUNT,
      identityPolicies: [allowAll(['s3:PutObject'])],
      resourcePolicy: bucketPolicy.toJson(),
    };

    it('allows a put with SSE-KMS over TLS', async () => {
      const out = await simulate({ ...base, context: { 's3:x-amz-server-side-encryption': 'aws:kms', 'aws:SecureTransport': 'true' } });
      expect(out.result).toBe('Allowed');
      expect(out.ignoredContextKeys).toEqual([]);
    });

    it('denies a put with SSE-S3', async () => {
      const out = await simulate({ ...base, context: { 's3:x-amz-server-side-encryption': 'AES256', 'aws:SecureTransport': 'true' } });
      expect(out.result).toBe('ExplicitlyDenied');
      expect(out.reasons.join('\n')).toContain("statement 'DenyUnencryptedPut'");
    });

    it('denies a put over plain HTTP even with SSE-KMS', async () => {
      const out = await simulate({ ...base, context: { 's3:x-amz-server-side-encryption': 'aws:kms', 'aws:SecureTransport': 'false' } });
      expect(out.result).toBe('ExplicitlyDenied');
      expect(out.reasons.join('\n')).toContain("statement 'DenyInsecureTransport'");
    });
  });

  describe('trust policy requiring ExternalId and MFA', () => {
    // GIVEN a role in another account that trusts ACCOUNT only with the external id and MFA
    const roleArn = `arn:aws:iam::${OTHER_ACCOUNT}:role/Auditor`;
    const trust = new PolicyDocument({
      statements: [
        new PolicyStatement({ sid: 'TrustSecurityAccount', principals: [Principals.account(ACCOUNT)], actions: ['sts:AssumeRole'] })
          .addCondition(ConditionOperator.STRING_EQUALS, 'sts:ExternalId', 'ext-7f3a')
          .addCondition(ConditionOperator.BOOL, 'aws:MultiFactorAuthPresent', 'true'),
      ],
    });
    const base = {
      principal: `arn:aws:iam::${ACCOUNT}:role/SecOps`,
      action: 'sts:AssumeRole',
      resource: roleArn,
      identityPolicies: [allowAll(['sts:AssumeRole'], [roleArn])],
      resourcePolicy: trust.toJson(),
    };

    it('validates as a trust policy', () => {
      expect(trust.validateForTrustPolicy()).toEqual([]);
    });

    it('allows the caller with the external id and MFA', async () => {
      const out = await simulate({ ...base, context: { 'sts:ExternalId': 'ext-7f3a', 'aws:MultiFactorAuthPresent': 'true' } });
      expect(out.result).toBe('Allowed');
    });

    it('denies the caller with a wrong external id', async () => {
      const out = await simulate({ ...base, context: { 'sts:ExternalId': 'guess', 'aws:MultiFactorAuthPresent': 'true' } });
      expect(out.result).toBe('ImplicitlyDenied');
      expect(out.reasons).toEqual(['implicit deny: resource']);
    });

    it('denies the caller without MFA', async () => {
      const out = await simulate({ ...base, context: { 'sts:ExternalId': 'ext-7f3a', 'aws:MultiFactorAuthPresent': 'false' } });
      expect(out.result).toBe('ImplicitlyDenied');
      expect(out.reasons).toEqual(['implicit deny: resource']);
    });
  });

  describe('SCP deny with an aws:PrincipalArn exemption', () => {
    // GIVEN an SCP protecting GuardDuty from everyone except the break-glass role
    const protect = new PolicyDocument({
      statements: [
        denyUnlessPrincipal({
          sid: 'ProtectGuardDuty',
          actions: ['guardduty:DeleteDetector'],
          exemptPrincipalArns: ['arn:aws:iam::*:role/BreakGlass'],
        }),
      ],
    });
    const detector = `arn:aws:guardduty:eu-west-1:${ACCOUNT}:detector/12abc34d567e8fa901bc2d34e56789f0`;
    const run = (role: string) =>
      simulate({
        principal: `arn:aws:iam::${ACCOUNT}:role/${role}`,
        action: 'guardduty:DeleteDetector',
        resource: detector,
        // The simulator does not derive aws:PrincipalArn from the principal: pass it.
        context: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/${role}` },
        identityPolicies: [allowAll(['guardduty:*'])],
        scps: [[FULL_AWS_ACCESS, protect.toJson()], FULL_AWS_ACCESS],
      });

    it('validates as an identity-style policy (SCP)', () => {
      expect(protect.validateForIdentityPolicy()).toEqual([]);
    });

    it('denies an administrator', async () => {
      const out = await run('Admin');
      expect(out.result).toBe('ExplicitlyDenied');
      expect(out.reasons.join('\n')).toContain("statement 'ProtectGuardDuty'");
    });

    it('allows the break-glass role', async () => {
      expect((await run('BreakGlass')).result).toBe('Allowed');
    });
  });

  describe('KMS key policy restricted with kms:ViaService', () => {
    // GIVEN a key that delegates to IAM but refuses decrypt outside S3 in eu-west-1
    const keyArn = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    const keyPolicy = new PolicyDocument({
      statements: [
        new PolicyStatement({ sid: 'EnableIamPolicies', principals: [Principals.account(ACCOUNT)], actions: ['kms:*'], resources: ['*'] }),
        new PolicyStatement({
          sid: 'DecryptOnlyViaS3',
          effect: Effect.DENY,
          principals: [Principals.anyone()],
          actions: [...KMS_DECRYPT_ACTIONS],
          resources: ['*'],
          conditions: { [ConditionOperator.STRING_NOT_EQUALS]: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } },
        }),
      ],
    });
    const run = (viaService: string) =>
      simulate({
        principal: `arn:aws:iam::${ACCOUNT}:role/Reader`,
        action: 'kms:Decrypt',
        resource: keyArn,
        context: { 'kms:ViaService': viaService },
        identityPolicies: [allowAll([...KMS_DECRYPT_ACTIONS], [keyArn])],
        resourcePolicy: keyPolicy.toJson(),
      });

    it('validates as a resource policy', () => {
      expect(keyPolicy.validateForResourcePolicy()).toEqual([]);
    });

    it('allows decrypt via S3', async () => {
      expect((await run('s3.eu-west-1.amazonaws.com')).result).toBe('Allowed');
    });

    it('denies decrypt via EC2', async () => {
      const out = await run('ec2.eu-west-1.amazonaws.com');
      expect(out.result).toBe('ExplicitlyDenied');
      expect(out.reasons.join('\n')).toContain("statement 'DecryptOnlyViaS3'");
    });
  });

  describe('guards', () => {
    it('keeps the AGPL simulator out of everything outside test/', () => {
      // GIVEN every non-test source directory of the package
      const root = path.join(__dirname, '../..');
      const offenders: string[] = [];
      const walk = (dir: string): void => {
        if (!fs.existsSync(dir)) return;
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
          const full = path.join(dir, entry.name);
          if (entry.isDirectory()) walk(full);
          else if (/\.(ts|js|mjs)$/.test(entry.name) && fs.readFileSync(full, 'utf8').includes('@cloud-copilot/')) {
            offenders.push(path.relative(root, full));
          }
        }
      };
      for (const dir of ['charts', 'compositions', 'imports', 'renderer', 'validator', 'scripts', 'bench', 'bin']) walk(path.join(root, dir));
      if (fs.existsSync(path.join(root, 'main.ts')) && fs.readFileSync(path.join(root, 'main.ts'), 'utf8').includes('@cloud-copilot/')) {
        offenders.push('main.ts');
      }
      // THEN
      expect(offenders).toEqual([]);
    });

    it('throws if a context key is ignored (typo)', async () => {
      await expect(
        simulate({
          principal: `arn:aws:iam::${ACCOUNT}:role/Writer`,
          action: 's3:PutObject',
          resource: 'arn:aws:s3:::audit-logs-111111111111/k',
          resourceAccount: ACCOUNT,
          context: { 's3:x-amz-sse': 'aws:kms' },
          identityPolicies: [allowAll(['s3:PutObject'])],
        }),
      ).rejects.toThrow("context key(s) 's3:x-amz-sse' do not apply to this action and were ignored");
    });

    it('throws if the simulator reports an invalid policy', async () => {
      await expect(
        simulate({
          principal: `arn:aws:iam::${ACCOUNT}:role/Writer`,
          action: 's3:GetObject',
          resource: 'arn:aws:s3:::audit-logs-111111111111/k',
          resourceAccount: ACCOUNT,
          identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Denied', Action: 's3:GetObject', Resource: '*' }] }],
        }),
      ).rejects.toThrow('the simulator rejected the input');
    });

    it('throws if the resource account cannot be derived', async () => {
      await expect(
        simulate({ principal: 'not-an-arn', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }),
      ).rejects.toThrow("cannot tell the account of 'arn:aws:s3:::b/k'; pass resourceAccount");
    });
  });
});
