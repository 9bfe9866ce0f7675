// Synth snapshots of the charts in charts/session-manager.ts (regenerate: see test/support/chart-snapshot.ts).
import { snapshotTestName, synthChart } from '../support/chart-snapshot';

test(snapshotTestName('session-manager'), () => expect(synthChart('session-manager')).toMatchSnapshot());
