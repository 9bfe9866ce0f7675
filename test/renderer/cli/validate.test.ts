// zta validate: the whole tree a claim creates, YAML as kubectl reads it, one message per problem.
import { join } from 'node:path';
import { zta } from '../../support/zta-cli';
import { oneProblemPerField } from '../../../renderer/cli/validate';

const FIX = join('test', 'fixtures', 'renderer');
const NESTED = join(FIX, 'nested');
const KEYED = ['--apis', join(FIX, 'apis')];

describe('zta validate: nested composites', () => {
  it('a claim its own XRD admits is refused by a nested XRD\'s enum: reported on the claim\'s field, with the likely value', () => {
    const r = zta(['validate', '--apis', NESTED, join(NESTED, 'bad-tier.claim.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stderr.filter(Boolean)).toEqual([
      'test/fixtures/renderer/nested/bad-tier.claim.yaml: Store/orders: .spec.parameters.tier: must be one of small, large (got "smal"); did you mean "small"? [enum] (refused by the nested composite XStoreTier "tier" at .spec.parameters.tier)',
    ]);
  });

  it('a cross-field CEL rule only the nested XRD has', () => {
    const r = zta(['validate', '--apis', NESTED, join(NESTED, 'too-big.claim.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stderr.filter(Boolean)).toEqual([
      'test/fixtures/renderer/nested/too-big.claim.yaml: Store/orders: .spec.parameters.size: a small tier holds at most 10 [cel: self.tier != \'small\' || self.size <= 10] (refused by the nested composite XStoreTier "tier" at .spec.parameters.size)',
    ]);
  });

  it('--no-tree checks the claim against its own XRD only (and so misses the nested refusal)', () => {
    const r = zta(['validate', '--apis', NESTED, '--no-tree', join(NESTED, 'too-big.claim.yaml')]);
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 0, stdout: '1 object valid\n' });
  });

  it('other kinds are skipped with a warning; YAML 1.1 `1_0` is the integer 10', () => {
    const r = zta(['validate', '--apis', NESTED, join(NESTED, 'ok.claim.yaml')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('1 object valid\n');
    expect(r.stderr.filter(Boolean)).toEqual(['warning: test/fixtures/renderer/nested/ok.claim.yaml:11: ConfigMap/not-ours: skipped: ConfigMap (v1) is not a claim or composite kind of this package']);
  });

  it('a tree that stops for want of cluster objects: warned, and "valid" says the check was partial', () => {
    // The dev claim without deploy/onboarding (--apis turns its default off): no EnvironmentConfig
    // names the account, so the tree stops at the account composite's first step.
    const r = zta(['validate', '--apis', join('dist', 'apis'), join('examples', 'claims', 'payments-dev', 'payments-dev.yaml')]);
    expect(r.code).toBe(0);
    expect(r.stderr.filter(Boolean)).toEqual([expect.stringMatching(/^warning: .*payments-dev\.yaml:4: ZeroTrustAccount\/payments-dev: not everything beneath XZeroTrustAccount\/payments-dev-\w+ was checked: .*environment-configs/)]);
    expect(r.stdout).toBe('1 object valid (1 of them only partly: their trees stopped where the warnings say; -e supplies the cluster objects they need)\n');
    const whole = zta(['validate', '--apis', join('dist', 'apis'), '-e', join('deploy', 'onboarding'), join('examples', 'claims', 'payments-dev', 'payments-dev.yaml')]);
    expect({ code: whole.code, stdout: whole.stdout }).toEqual({ code: 0, stdout: '1 object valid\n' });
  });

  it('a directory: every claim beneath it', () => {
    const r = zta(['validate', '--apis', NESTED, NESTED]);
    expect(r.code).toBe(1);
    expect(r.stderr.filter((l) => l.startsWith('test/'))).toHaveLength(2);
  });
});

describe('zta validate: YAML as kubectl reads it', () => {
  const claim = (parameters: string, name = 'name: x\n  ') => `apiVersion: test.zta.example.org/v1alpha1\nkind: KeyedBucket\nmetadata:\n  ${name}namespace: team-a\nspec:\n  parameters:\n${parameters}`;

  it('without a PATH from a terminal: a usage error, not a wait for input nobody types; piped, stdin is read', () => {
    const r = zta(['validate', ...KEYED, '--no-tree'], { stdinIsTTY: true, stdin: '' });
    expect(r.code).toBe(2);
    expect(r.stderr[0]).toBe('zta: validate needs a PATH (a file or directory), or - to type a claim on stdin');
    expect(r.stdout).toBe('');
    const piped = zta(['validate', ...KEYED, '--no-tree'], { stdin: claim('    bucketName: abc\n    region: us-east-1\n') });
    expect(piped).toEqual({ code: 0, stdout: '1 object valid\n', stderr: [] });
    const typed = zta(['validate', ...KEYED, '--no-tree', '-'], { stdinIsTTY: true, stdin: claim('    bucketName: abc\n    region: us-east-1\n') });
    expect(typed.code).toBe(0);
  });

  it('stdin (-)', () => {
    const r = zta(['validate', ...KEYED, '--no-tree', '-'], { stdin: claim('    bucketName: abc\n    region: us-east-1\n') });
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 0, stdout: '1 object valid\n' });
  });

  it('`no` is a boolean to kubectl, not the string a YAML 1.2 reader sees', () => {
    const r = zta(['validate', ...KEYED, '--no-tree', '-'], { stdin: claim('    bucketName: no\n    region: us-east-1\n') });
    expect(r.code).toBe(1);
    expect(r.stderr[0]).toBe('-: KeyedBucket/x: .spec.parameters.bucketName: must be string (got boolean false) [type]');
  });

  it('a duplicate key is refused as kubectl refuses it', () => {
    const r = zta(['validate', ...KEYED, '--no-tree', '-'], { stdin: claim('    bucketName: abc\n    region: us-east-1\n    region: eu-central-1\n') });
    expect(r.code).toBe(2);
    expect(r.stderr[0]).toBe('zta: -: invalid YAML: unmarshal errors: line 10: key "region" already set in map');
  });

  it('an integer beyond int64 is refused', () => {
    const r = zta(['validate', ...KEYED, '--no-tree', '-'], { stdin: claim('    bucketName: abc\n    region: us-east-1\n    accountId: 9223372036854775808\n') });
    expect(r.code).toBe(2);
    expect(r.stderr[0]).toMatch(/^zta: -: invalid YAML at line 1: \.spec\.parameters\.accountId: 9223372036854775808 does not fit in an int64/);
  });

  it('metadata.name is required', () => {
    const r = zta(['validate', ...KEYED, '--no-tree', '-'], { stdin: claim('    bucketName: abc\n    region: us-east-1\n', '') });
    expect(r.code).toBe(1);
    expect(r.stderr[0]).toBe('-: KeyedBucket/(no name): .metadata.name: required (kubectl apply needs a name)');
  });
});

describe('zta render validates first', () => {
  it('an invalid claim is not rendered: the messages and exit 1', () => {
    const r = zta(['render', ...KEYED, join(FIX, 'invalid.claim.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.filter(Boolean).at(-1)).toBe('zta: KeyedBucket/bad is invalid: the API server would refuse it, nothing rendered');
    expect(r.stderr.filter((l) => l.startsWith('test/fixtures/renderer/invalid.claim.yaml: KeyedBucket/bad: .spec.parameters.'))).toHaveLength(2);
  });

  it('a nested refusal found by the render is reported with the resource that refused it', () => {
    const r = zta(['render', '--apis', NESTED, join(NESTED, 'too-big.claim.yaml'), '-o', 'summary']);
    expect(r.code).toBe(1);
    expect(r.stderr.some((l) => /^XStoreTier\/orders-\S+: the API server refuses composed resource "tier": .*a small tier holds at most 10/.test(l))).toBe(true);
  });
});

describe('one message per problem', () => {
  const p = (path: string, rule: string, message: string) => ({ object: 'X/x', path, rule, message });

  it('a field failing its pattern and the CEL rule restating it: the rule\'s message, not the regex', () => {
    expect(oneProblemPerField([
      p('.spec.arn', 'pattern', 'must match pattern ^arn:aws:backup:[a-z0-9-]+:[0-9]{12}:backup-vault:[A-Za-z0-9_.-]{2,50}$ (got "x")'),
      p('.spec.arn', "cel: self.matches('^arn:aws:backup:')", 'copy.destinationVaultArn must be a backup vault ARN'),
    ])).toEqual([p('.spec.arn', "cel: self.matches('^arn:aws:backup:')", 'copy.destinationVaultArn must be a backup vault ARN')]);
  });

  it('a type or enum problem wins over the CEL rules failing at the same field; other fields keep theirs', () => {
    expect(oneProblemPerField([
      p('.spec.size', 'type', 'must be integer (got string "big")'),
      p('.spec.size', 'cel: self <= 10', 'at most 10'),
      p('.spec.tier', "cel: self != 'x'", 'not x'),
    ]).map((x) => x.rule)).toEqual(['type', "cel: self != 'x'"]);
  });
});
