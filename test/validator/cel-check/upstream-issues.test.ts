// CRDs that real API servers refused, from upstream issue reports (test/fixtures/cel-cost/upstream-issues.json):
// the same errors, with upstream's exact messages.
import fixture from '../../fixtures/cel-cost/upstream-issues.json';
import { checkCrdCel } from '../../../validator/cel-check/crd-cost';

interface Case {
  name: string;
  schema: Record<string, unknown>;
  expectedErrors: { path: string; message: string }[];
}

describe('CRDs refused by real API servers', () => {
  it.each((fixture as { cases: Case[] }).cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const report = checkCrdCel(c.schema);
    expect(report.errors.map((e) => ({ path: e.schemaPath, message: e.message }))).toEqual(c.expectedErrors);
  });
});
