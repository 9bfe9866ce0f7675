// A plain-text summary of a CRD's CEL admission report: the total against the per-CRD limit, the most
// expensive expressions, and the errors the API server would return.
import type { CelExpressionCost, CrdCelReport } from './crd-cost';
import { MAX_UINT64 } from './cost-math';
import { STATIC_ESTIMATED_COST_LIMIT, STATIC_ESTIMATED_CRD_COST_LIMIT } from './schema-context';

/** 12.3M, 1.2e+18, or "max" for a saturated uint64. */
export function formatCost(cost: bigint): string {
  if (cost >= MAX_UINT64) return 'max';
  if (cost < 10_000n) return cost.toString();
  if (cost < 10n ** 12n) return `${(Number(cost) / 1e6).toFixed(1)}M`;
  return Number(cost).toExponential(1);
}

const oneLine = (s: string, max: number): string => {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

export interface CelReportFormat {
  /** how many of the most expensive expressions to list (default 10) */
  readonly top?: number;
  /** heading, e.g. the CRD name */
  readonly title?: string;
  /** characters of each expression to show (default 100) */
  readonly expressionWidth?: number;
}

/** The top expensive expressions of a CRD and its admission errors, one per line. */
export function formatCelCostReport(report: CrdCelReport, format: CelReportFormat = {}): string {
  const top = format.top ?? 10;
  const width = format.expressionWidth ?? 100;
  const lines: string[] = [];
  const verdict = report.total > STATIC_ESTIMATED_CRD_COST_LIMIT ? 'REJECTED' : 'ok';
  lines.push(`${format.title ? `${format.title}: ` : ''}total ${formatCost(report.total)} of ${formatCost(STATIC_ESTIMATED_CRD_COST_LIMIT)} (${verdict}), ${report.expressions.length} expressions`);
  const sorted = [...report.expressions].sort((a, b) => (a.cost === b.cost ? 0 : a.cost > b.cost ? -1 : 1)).slice(0, top);
  for (const x of sorted) lines.push(`  ${describe(x, width)}`);
  const errors = report.errors.filter((e) => e.kind !== 'crd-cost' || e.schemaPath === 'openAPIV3Schema');
  for (const e of errors) lines.push(`  ${e.kind}: ${e.schemaPath}: ${e.message.split('\n')[0]}`);
  return lines.join('\n');
}

function describe(x: CelExpressionCost, width: number): string {
  const over = x.cost > STATIC_ESTIMATED_COST_LIMIT ? ' over the per-expression limit' : '';
  const factors = x.cardinality === 1n ? '' : ` = ${formatCost(x.maxCost)} x ${x.cardinality}`;
  return `${formatCost(x.cost)}${factors}${over}  ${x.dataPath} ${x.which}: ${oneLine(x.expression, width)}`;
}
