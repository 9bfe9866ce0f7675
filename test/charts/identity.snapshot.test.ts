// Synth snapshots of the charts in charts/identity.ts (regenerate: see test/support/chart-snapshot.ts).
import { snapshotTestName, synthChart } from '../support/chart-snapshot';

test(snapshotTestName('identity'), () => expect(synthChart('identity')).toMatchSnapshot());
