// The CRDs Crossplane generates from today's XRDs (validator/xrd-schemas.ts), checked as the API server
// checks CEL on CRD create. Today several are refused: the assertions below pin that down so the check
// is known to bite; flip them when the XRDs are fixed.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { checkCrdCel, type CrdCelReport, STATIC_ESTIMATED_CRD_COST_LIMIT } from '../../../validator/cel-check/crd-cost';
import { SUPPORTED_KUBERNETES_VERSIONS } from '../../../validator/cel-check/environment';
import { formatCelCostReport } from '../../../validator/cel-check/report';
import { xrdSchemas } from '../../../validator/xrd-schemas';

const apis = path.resolve(__dirname, '../../../dist/apis');
const crds = readdirSync(apis)
  .sort()
  .flatMap((dir) => xrdSchemas(parse(readFileSync(path.join(apis, dir, 'definition.yaml'), 'utf8')) as object))
  .map((e) => ({ kind: e.kind, schema: e.schema as Record<string, unknown> }));

const refused = (r: CrdCelReport): boolean => r.errors.length > 0;
const REFUSED_TODAY = ['XIdentity', 'XNetwork', 'XThreatDetection', 'XWebFirewall', 'XZeroTrustAccount', 'ZeroTrustAccount'];

describe('CEL admission of the CRDs generated from dist/ at Kubernetes 1.31', () => {
  const t0 = performance.now();
  const reports = new Map(crds.map((c) => [c.kind, checkCrdCel(c.schema)]));
  const elapsed = performance.now() - t0;

  it('checks every generated CRD quickly', () => {
    expect(crds.length).toBeGreaterThanOrEqual(20);
    // measured at ~0.2-0.5 s on the shared build machine; generous to stay stable under load
    expect(elapsed).toBeLessThan(3000);
  });

  it('refuses XZeroTrustAccount and its claim today (flip once the XRDs are fixed)', () => {
    for (const kind of ['XZeroTrustAccount', 'ZeroTrustAccount']) {
      const r = reports.get(kind)!;
      expect(r.total).toBeGreaterThan(STATIC_ESTIMATED_CRD_COST_LIMIT);
      expect(r.errors).toContainEqual(expect.objectContaining({ kind: 'crd-cost', schemaPath: 'openAPIV3Schema' }));
    }
  });

  it('refuses exactly these CRDs today', () => {
    const failing = [...reports].filter(([, r]) => refused(r)).map(([k]) => k);
    expect(failing).toEqual(REFUSED_TODAY);
  });

  it('refuses the same CRDs at the newest supported Kubernetes', () => {
    const newest = SUPPORTED_KUBERNETES_VERSIONS[SUPPORTED_KUBERNETES_VERSIONS.length - 1];
    const failing = crds.filter((c) => refused(checkCrdCel(c.schema, { kubernetesVersion: newest }))).map((c) => c.kind);
    expect(failing).toEqual(REFUSED_TODAY);
  });

  it('renders a report naming the most expensive expressions', () => {
    const text = formatCelCostReport(reports.get('XWebFirewall')!, { title: 'XWebFirewall', top: 3 });
    expect(text.split('\n')[0]).toMatch(/^XWebFirewall: total 105\.4M of 100\.0M \(REJECTED\), \d+ expressions$/);
    expect(text).toContain('.spec.parameters.resourceArns[*] rule:');
  });
});
