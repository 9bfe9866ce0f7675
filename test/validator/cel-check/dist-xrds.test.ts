// The CRDs Crossplane generates from our XRDs (validator/xrd-schemas.ts), checked as the API server
// checks CEL on CRD create, at every Kubernetes version we support. Before the XRDs were bounded, six
// were refused (XZeroTrustAccount at a saturated estimate); test/validator/cel-check/ fixtures prove the
// estimator on upstream's own cases.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { checkCrdCel, STATIC_ESTIMATED_CRD_COST_LIMIT } from '../../../validator/cel-check/crd-cost';
import { SUPPORTED_KUBERNETES_VERSIONS } from '../../../validator/cel-check/environment';
import { formatCelCostReport } from '../../../validator/cel-check/report';
import { xrdSchemas } from '../../../validator/xrd-schemas';

const apis = path.resolve(__dirname, '../../../dist/apis');
const crds = readdirSync(apis)
  .sort()
  .flatMap((dir) => xrdSchemas(parse(readFileSync(path.join(apis, dir, 'definition.yaml'), 'utf8')) as object))
  .map((e) => ({ kind: e.kind, schema: e.schema as Record<string, unknown> }));

/** Our own target: a tenth of the API server's per-CRD budget, so adding parameters later does not reopen this. */
const TARGET = STATIC_ESTIMATED_CRD_COST_LIMIT / 10n;

describe('CEL admission of the CRDs generated from dist/', () => {
  it('checks every generated CRD quickly', () => {
    const t0 = performance.now();
    for (const c of crds) checkCrdCel(c.schema);
    const elapsed = performance.now() - t0;
    expect(crds.length).toBeGreaterThanOrEqual(20);
    // measured at ~0.2-0.5 s on the shared build machine; generous to stay stable under load
    expect(elapsed).toBeLessThan(3000);
  });

  describe.each(SUPPORTED_KUBERNETES_VERSIONS.map((v) => [v]))('Kubernetes %s', (kubernetesVersion) => {
    const reports = crds.map((c) => ({ kind: c.kind, report: checkCrdCel(c.schema, { kubernetesVersion }) }));

    it('admits every CRD: every rule and messageExpression compiles and fits its budget', () => {
      const errors = reports.flatMap(({ kind, report }) => report.errors.map((e) => `${kind} ${e.dataPath}: ${e.message}`));
      expect(errors).toEqual([]);
    });

    it(`keeps every CRD within a tenth of the ${STATIC_ESTIMATED_CRD_COST_LIMIT} per-CRD budget`, () => {
      const over = reports.filter(({ report }) => report.total > TARGET).map(({ kind, report }) => `${kind}: ${report.total}`);
      expect(over).toEqual([]);
    });
  });

  it('renders a report naming the most expensive expressions', () => {
    const account = crds.find((c) => c.kind === 'ZeroTrustAccount')!;
    const text = formatCelCostReport(checkCrdCel(account.schema), { title: 'ZeroTrustAccount', top: 3 });
    expect(text.split('\n')[0]).toMatch(/^ZeroTrustAccount: total \d+\.\dM of 100\.0M \(ok\), \d+ expressions$/);
    expect(text.split('\n')).toHaveLength(4);
  });
});
