// Shared harness for fixtures translated from upstream test tables: expected errors are matched
// as upstream's tests match them (error type, field path, optional substring), each once, and no
// error may be left over.
import type { CelAdmissionFinding } from '../../../validator/crd-admission/cel-findings';
import { errorString, type FieldError } from '../../../validator/crd-admission/field';

export interface ExpectedError {
  type: string;
  field: string;
  contains?: string;
}

export interface UpstreamCase {
  name: string;
  /** Why this case is not run (e.g. it needs a different CEL environment). */
  skip?: string;
  errors: ExpectedError[];
  /**
   * What the CEL compile/cost check reports for this schema (facts derived from the upstream
   * expectation); the harness feeds them through an injected checker.
   */
  cel?: CelAdmissionFinding[];
  [key: string]: unknown;
}

export interface UpstreamFixture<C extends UpstreamCase = UpstreamCase> {
  source: string;
  cases: C[];
}

/** The differences between got and expected, as readable lines (empty when they match). */
export function mismatches(got: FieldError[], expected: ExpectedError[]): string[] {
  const seen = new Array<boolean>(got.length).fill(false);
  const out: string[] = [];
  for (const e of expected) {
    const i = got.findIndex((g, j) => !seen[j] && g.type === e.type && g.field === e.field && (!e.contains || errorString(g).includes(e.contains)));
    if (i < 0) out.push(`missing ${e.type} at ${e.field}${e.contains ? ` containing "${e.contains}"` : ''}`);
    else seen[i] = true;
  }
  got.forEach((g, i) => {
    if (!seen[i]) out.push(`unexpected ${g.type}: ${errorString(g)}`);
  });
  return out;
}

/** A CEL checker that answers with the case's recorded findings, and records that it was asked. */
export function recordedCelCheck(findings: CelAdmissionFinding[] | undefined): { check: (s: Record<string, unknown>) => CelAdmissionFinding[]; calls: number } {
  const state = {
    calls: 0,
    check: (_schema: Record<string, unknown>): CelAdmissionFinding[] => {
      state.calls++;
      return (findings ?? []).map((f) => ({ ...f, ...(typeof f.cost === 'number' ? { cost: BigInt(f.cost) } : {}), ...(typeof f.limit === 'number' ? { limit: BigInt(f.limit) } : {}) }));
    },
  };
  return state;
}
