// Synth snapshots of the charts in charts/threat-detection.ts (regenerate: see test/support/chart-snapshot.ts).
import { snapshotTestName, synthChart } from '../support/chart-snapshot';

test(snapshotTestName('threat-detection'), () => expect(synthChart('threat-detection')).toMatchSnapshot());
