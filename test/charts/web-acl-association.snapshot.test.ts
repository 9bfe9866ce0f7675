// Synth snapshots of the charts in charts/web-acl-association.ts (regenerate: see test/support/chart-snapshot.ts).
import { snapshotTestName, synthChart } from '../support/chart-snapshot';

test(snapshotTestName('web-acl-association'), () => expect(synthChart('web-acl-association')).toMatchSnapshot());
