// Synth snapshots of the charts in charts/security-monitoring.ts (regenerate: see test/support/chart-snapshot.ts).
import { snapshotTestName, synthChart } from '../support/chart-snapshot';

test(snapshotTestName('security-monitoring'), () => expect(synthChart('security-monitoring')).toMatchSnapshot());
