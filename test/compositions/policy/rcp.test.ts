// The data perimeter RCP under the IAM policy simulator: the organization's S3 and KMS resources
// refuse principals of other organizations and AWS services acting for outsiders, and admit
// principals of the organization and AWS services acting for it (aws:SourceOrgID).
import { dataPerimeterRcp, RCP_BUDGET_PER_TARGET, RCP_MAX_CHARACTERS, RCP_MAX_PER_TARGET, RCP_SERVICES } from '../../../compositions/policy/rcp';
import { simulate } from '../../support/iam-simulator';

const ORG = 'o-a1b2c3d4e5';
const ACCOUNT = '111122223333';
const rcp = dataPerimeterRcp(ORG).toJson();
// The simulator adds RCPFullAWSAccess to every level itself (as AWS attaches it everywhere).
const bucket = `arn:aws:s3:::zta-data-${ACCOUNT}-eu-west-1-dev`;
const object = `${bucket}/report.csv`;
const key = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
// Resource policies that would let anyone in: the RCP must still hold the line.
const openBucket = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: object }] };
const openKey = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' }] };

async function run(principal: string, action: string, resource: string, resourcePolicy: object, context: Record<string, string>): Promise<string> {
  return (await simulate({
    principal, action, resource, resourceAccount: ACCOUNT, resourcePolicy,
    // The caller's own account lets it do anything: what decides is the resource side.
    ...(principal.startsWith('arn:') ? { identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }] } : {}),
    rcps: [[], [rcp]],
    context,
  })).result;
}

describe('data perimeter RCP', () => {
  const outsider = 'arn:aws:iam::999988887777:role/exfiltrate';
  const insider = 'arn:aws:iam::444455556666:role/payments-app';
  test.each([
    ['s3:GetObject', object, openBucket],
    ['kms:Decrypt', key, openKey],
  ])('%s: a principal of another organization is denied even by an open resource policy', async (action, resource, policy) => {
    expect(await run(outsider, action, resource, policy, { 'aws:PrincipalArn': outsider, 'aws:PrincipalOrgID': 'o-zzzzzzzzzz', 'aws:PrincipalIsAWSService': 'false' })).toBe('ExplicitlyDenied');
  });
  test.each([
    ['s3:GetObject', object, openBucket],
    ['kms:Decrypt', key, openKey],
  ])('%s: a principal of the organization is allowed', async (action, resource, policy) => {
    expect(await run(insider, action, resource, policy, { 'aws:PrincipalArn': insider, 'aws:PrincipalOrgID': ORG, 'aws:PrincipalIsAWSService': 'false' })).toBe('Allowed');
  });
  test('an AWS service acting for an account of the organization is allowed (aws:SourceOrgID)', async () => {
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: `${bucket}/*` }] };
    const context = { 'aws:PrincipalIsAWSService': 'true', 'aws:SourceAccount': '444455556666', 'aws:SourceOrgID': ORG };
    expect(await run('cloudtrail.amazonaws.com', 's3:PutObject', object, policy, context)).toBe('Allowed');
  });
  test('an AWS service acting for an account outside the organization is denied (confused deputy)', async () => {
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: `${bucket}/*` }] };
    const context = { 'aws:PrincipalIsAWSService': 'true', 'aws:SourceAccount': '999988887777', 'aws:SourceOrgID': 'o-zzzzzzzzzz' };
    expect(await run('cloudtrail.amazonaws.com', 's3:PutObject', object, policy, context)).toBe('ExplicitlyDenied');
  });
  test('without the RCP, the open policies would let the outsider in (the deny above is the RCP\'s)', async () => {
    const r = await simulate({
      principal: outsider, action: 's3:GetObject', resource: object, resourceAccount: ACCOUNT, resourcePolicy: openBucket,
      identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }],
      context: { 'aws:PrincipalArn': outsider, 'aws:PrincipalOrgID': 'o-zzzzzzzzzz', 'aws:PrincipalIsAWSService': 'false' },
    });
    expect(r.result).toBe('Allowed');
  });
  test('covers exactly the services RCPs apply to, and stays under the size and attachment limits', () => {
    expect(RCP_SERVICES).toEqual(['s3', 'sqs', 'kms', 'secretsmanager', 'sts']);
    expect(dataPerimeterRcp('o-' + 'a'.repeat(32)).toString().length).toBeLessThanOrEqual(RCP_MAX_CHARACTERS);
    expect(Object.values(RCP_BUDGET_PER_TARGET).reduce((a, b) => a + b, 0)).toBe(RCP_MAX_PER_TARGET);
    expect(rcp.Statement.every((s) => s.Effect === 'Deny' && s.Principal === '*')).toBe(true);
  });
});
