// Synth snapshots of the charts in charts/organization-guardrails.ts (regenerate: see test/support/chart-snapshot.ts).
import { snapshotTestName, synthChart } from '../support/chart-snapshot';

test(snapshotTestName('organization-guardrails'), () => expect(synthChart('organization-guardrails')).toMatchSnapshot());
