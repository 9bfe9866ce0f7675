// Synth snapshots of the charts in charts/security-administration.ts (regenerate: see test/support/chart-snapshot.ts).
import { snapshotTestName, synthChart } from '../support/chart-snapshot';

test(snapshotTestName('security-administration'), () => expect(synthChart('security-administration')).toMatchSnapshot());
