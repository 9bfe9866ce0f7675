// Synth snapshots of the charts in charts/audit-logging.ts (regenerate: see test/support/chart-snapshot.ts).
import { snapshotTestName, synthChart } from '../support/chart-snapshot';

test(snapshotTestName('audit-logging'), () => expect(synthChart('audit-logging')).toMatchSnapshot());
