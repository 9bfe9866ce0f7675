// Synth snapshots of the charts in charts/private-api.ts (regenerate: see test/support/chart-snapshot.ts).
import { snapshotTestName, synthChart } from '../support/chart-snapshot';

test(snapshotTestName('account-private-api'), () => expect(synthChart('account-private-api')).toMatchSnapshot());
test(snapshotTestName('private-api'), () => expect(synthChart('private-api')).toMatchSnapshot());
test(snapshotTestName('api-gateway'), () => expect(synthChart('api-gateway')).toMatchSnapshot());
