// Synth snapshots of the charts in charts/zero-trust-account.ts (regenerate: see test/support/chart-snapshot.ts).
import { snapshotTestName, synthChart } from '../support/chart-snapshot';

test(snapshotTestName('zero-trust-account'), () => expect(synthChart('zero-trust-account')).toMatchSnapshot());
