// Synth snapshots of the charts in charts/secure-bucket.ts (regenerate: see test/support/chart-snapshot.ts).
import { snapshotTestName, synthChart } from '../support/chart-snapshot';

test(snapshotTestName('secure-bucket-object-lock'), () => expect(synthChart('secure-bucket-object-lock')).toMatchSnapshot());
test(snapshotTestName('account-secure-bucket'), () => expect(synthChart('account-secure-bucket')).toMatchSnapshot());
test(snapshotTestName('secure-bucket'), () => expect(synthChart('secure-bucket')).toMatchSnapshot());
