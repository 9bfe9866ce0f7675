// Synth snapshots of the charts in charts/backup.ts (regenerate: see test/support/chart-snapshot.ts).
import { snapshotTestName, synthChart } from '../support/chart-snapshot';

test(snapshotTestName('backup'), () => expect(synthChart('backup')).toMatchSnapshot());
