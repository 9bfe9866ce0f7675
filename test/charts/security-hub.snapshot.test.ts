// Synth snapshots of the charts in charts/security-hub.ts (regenerate: see test/support/chart-snapshot.ts).
import { snapshotTestName, synthChart } from '../support/chart-snapshot';

test(snapshotTestName('security-hub'), () => expect(synthChart('security-hub')).toMatchSnapshot());
