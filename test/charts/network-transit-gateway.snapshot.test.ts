// Synth snapshots of the charts in charts/network-transit-gateway.ts (regenerate: see test/support/chart-snapshot.ts).
import { snapshotTestName, synthChart } from '../support/chart-snapshot';

test(snapshotTestName('network-on-prem-cidr'), () => expect(synthChart('network-on-prem-cidr')).toMatchSnapshot());
test(snapshotTestName('network-transit-gateway'), () => expect(synthChart('network-transit-gateway')).toMatchSnapshot());
