// Synth snapshots of the charts in charts/compliance.ts (regenerate: see test/support/chart-snapshot.ts).
import { snapshotTestName, synthChart } from '../support/chart-snapshot';

test(snapshotTestName('compliance'), () => expect(synthChart('compliance')).toMatchSnapshot());
