// No unused files, exports, types or dependencies (issue 16 item 3): knip (knip.jsonc) over the whole
// repository: nothing unused, no known exceptions.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { accountDomainClasses } from '../../charts';

const root = path.resolve(__dirname, '..', '..');
const KNIP = path.join(root, 'node_modules', 'knip', 'bin', 'knip.js');

interface KnipIssue { file: string; [category: string]: unknown }

/** knip's findings in `dir` as `<category> <file>[: <name>]` lines, sorted. */
function knipFindings(dir: string): string[] {
  const run = spawnSync(process.execPath, [KNIP, '--reporter', 'json', '--no-progress', '--no-config-hints'], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  // knip exits 1 when it finds something and 2 when it could not run; only a JSON report is an answer.
  if (run.status !== 0 && run.status !== 1) throw new Error(`knip failed (exit ${run.status}): ${run.stderr}`);
  const report = JSON.parse(run.stdout) as { issues: KnipIssue[] };
  return report.issues.flatMap((issue) => Object.entries(issue).flatMap(([category, entries]) =>
    Array.isArray(entries) ? entries.map((e: { name: string }) => (category === 'files' ? `files ${issue.file}` : `${category} ${issue.file}: ${e.name}`)) : [])).sort();
}

describe('dead code (knip)', () => {
  test('finds an unused export, an unused file and an unlisted dependency in a small project', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zta-knip-'));
    try {
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'probe', private: true, main: 'index.ts' }));
      fs.writeFileSync(path.join(dir, 'index.ts'), "import { used } from './lib';\nimport * as YAML from 'yaml';\nconsole.log(used, YAML);\n");
      fs.writeFileSync(path.join(dir, 'lib.ts'), 'export const used = 1;\nexport const unused = 2;\n');
      fs.writeFileSync(path.join(dir, 'orphan.ts'), 'export const orphan = 3;\n');
      expect(knipFindings(dir)).toEqual(['exports lib.ts: unused', 'files orphan.ts', 'unlisted index.ts: yaml']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  test('the repository has no dead code', () => {
    // The domain chart classes are loaded by listing charts/ (charts/index.ts accountDomainClasses), not
    // by an import knip can follow: an exported class that declares `composedBy = 'account'` is live.
    const discovered = new Set(accountDomainClasses().map((c) => c.name));
    const isDiscoveredChart = (finding: string): boolean => discovered.has(/^exports charts\/[^/]+\.ts: (\w+)$/.exec(finding)?.[1] ?? '');
    expect(knipFindings(root).filter((f) => !isDiscoveredChart(f))).toEqual([]);
  }, 180_000);
});
