// Synth snapshots of the charts in charts/encryption.ts (regenerate: see test/support/chart-snapshot.ts).
import { snapshotTestName, synthChart } from '../support/chart-snapshot';

test(snapshotTestName('encryption'), () => expect(synthChart('encryption')).toMatchSnapshot());
