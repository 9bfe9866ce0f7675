// Synth snapshots of the charts in charts/data-protection.ts (regenerate: see test/support/chart-snapshot.ts).
import { snapshotTestName, synthChart } from '../support/chart-snapshot';

test(snapshotTestName('data-protection'), () => expect(synthChart('data-protection')).toMatchSnapshot());
