// Synth snapshots of the charts in charts/network.ts (regenerate: see test/support/chart-snapshot.ts).
import { snapshotTestName, synthChart } from '../support/chart-snapshot';

test(snapshotTestName('network'), () => expect(synthChart('network')).toMatchSnapshot());
