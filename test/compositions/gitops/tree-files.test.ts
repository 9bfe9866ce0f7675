// writeGitOpsTree (npm run synth): replaces the top two levels it owns, and gives each onboarded
// namespace a claims directory without touching one that exists.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readManifests, writeGitOpsTree } from '../../../compositions/gitops/tree-files';

describe('writeGitOpsTree', () => {
  let root: string;
  beforeEach(() => { root = fs.mkdtempSync(path.join(os.tmpdir(), 'zta-tree-')); });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  test('replaces what it owns, keeps claims, adds .gitkeep for a new namespace only', () => {
    fs.mkdirSync(path.join(root, 'deploy', 'argocd'), { recursive: true });
    fs.writeFileSync(path.join(root, 'deploy', 'argocd', 'stale.yaml'), 'kind: Stale\n');
    fs.mkdirSync(path.join(root, 'claims', 'payments-dev'), { recursive: true });
    fs.writeFileSync(path.join(root, 'claims', 'payments-dev', 'claim.yaml'), 'kind: ZeroTrustAccount\n');
    const files = new Map([['deploy/argocd/app.yaml', 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: a\n']]);
    const written = writeGitOpsTree({ files }, root, 'claims', ['payments-dev', 'lending-prod']);
    expect(written).toEqual(['deploy/argocd/app.yaml', 'claims/lending-prod/.gitkeep']);
    expect(fs.existsSync(path.join(root, 'deploy', 'argocd', 'stale.yaml'))).toBe(false);
    expect(fs.readdirSync(path.join(root, 'claims', 'payments-dev'))).toEqual(['claim.yaml']);
    expect(readManifests(path.join(root, 'deploy')).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Application/a']);
    expect(readManifests(path.join(root, 'nowhere'))).toEqual([]);
  });
});
