// Per-chart synth snapshots, the way cdk8s users write them: `Testing.synth(chart)` compared with the
// committed snapshot, one test in each chart's own test file. They catch change; correctness comes from
// the behaviour tests. After an intended change, regenerate only these snapshots (the name filter runs
// nothing else) and say in the commit why each one changed:
//   npx jest -c jest.config.js -t 'synth of chart' -u
import * as os from 'node:os';
import * as path from 'node:path';
import { Chart, Testing, type App } from 'cdk8s';
import { buildPackage } from '../../charts';

/**
 * Testing.app() with an output directory that is never written (tests synthesize with toJson):
 * without one, every call made a temporary directory that stayed behind (hundreds per run).
 */
export const testApp = (): App => Testing.app({ outdir: path.join(os.tmpdir(), 'zta-cdk8s-never-written') });

/** Test name of a chart's snapshot; test/package/dist.test.ts checks every chart of the package has one. */
export const snapshotTestName = (chartId: string): string => `synth of chart ${chartId}`;

let pkg: App | undefined;

/**
 * What chart `chartId` of the package synthesizes. The package is built whole (charts read each
 * other's names and outputs), and the chart's construct validations run first, as at synth.
 */
export function synthChart(chartId: string): unknown[] {
  pkg ??= buildPackage(testApp());
  const chart = pkg.node.tryFindChild(chartId);
  if (!chart || !Chart.isChart(chart)) {
    const ids = pkg.node.children.filter((c) => Chart.isChart(c)).map((c) => c.node.id);
    throw new Error(`the package has no chart '${chartId}' (it has ${ids.join(', ')})`);
  }
  const errors = chart.node.findAll().flatMap((c) => c.node.validate().map((e) => `${c.node.path}: ${e}`));
  if (errors.length > 0) throw new Error(`chart ${chartId} does not validate:\n${errors.join('\n')}`);
  return Testing.synth(chart);
}
