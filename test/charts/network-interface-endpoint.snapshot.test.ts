// Synth snapshots of the charts in charts/network-interface-endpoint.ts (regenerate: see test/support/chart-snapshot.ts).
import { snapshotTestName, synthChart } from '../support/chart-snapshot';

test(snapshotTestName('network-interface-endpoint'), () => expect(synthChart('network-interface-endpoint')).toMatchSnapshot());
