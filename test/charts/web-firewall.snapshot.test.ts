// Synth snapshots of the charts in charts/web-firewall.ts (regenerate: see test/support/chart-snapshot.ts).
import { snapshotTestName, synthChart } from '../support/chart-snapshot';

test(snapshotTestName('web-firewall'), () => expect(synthChart('web-firewall')).toMatchSnapshot());
