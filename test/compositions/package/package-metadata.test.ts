// Synth snapshots of the charts in compositions/package/package-metadata.ts (regenerate: see test/support/chart-snapshot.ts).
import { snapshotTestName, synthChart } from '../../support/chart-snapshot';

test(snapshotTestName('package'), () => expect(synthChart('package')).toMatchSnapshot());
