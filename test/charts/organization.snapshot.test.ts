// Synth snapshots of the charts in charts/organization.ts (regenerate: see test/support/chart-snapshot.ts).
import { snapshotTestName, synthChart } from '../support/chart-snapshot';

test(snapshotTestName('zero-trust-organization'), () => expect(synthChart('zero-trust-organization')).toMatchSnapshot());
