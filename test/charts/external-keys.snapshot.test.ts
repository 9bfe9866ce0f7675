// Synth snapshots of the charts in charts/external-keys.ts (regenerate: see test/support/chart-snapshot.ts).
import { snapshotTestName, synthChart } from '../support/chart-snapshot';

test(snapshotTestName('external-keys'), () => expect(synthChart('external-keys')).toMatchSnapshot());
