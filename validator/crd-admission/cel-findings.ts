// What the CEL compile-and-cost check of a CRD schema reports, as CRD admission consumes it. The
// check itself (type-checking every x-kubernetes-validations rule and messageExpression in the
// Kubernetes CEL environment, and the static cost limits) is injected, so admission works with
// or without it.

export interface CelAdmissionFinding {
  /** Relative to the schema, upstream field.Path style: "openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule". */
  schemaPath: string;
  /** Where `self` lives in the data: ".spec.subnets[*]". */
  dataPath: string;
  message: string;
  expression?: string;
  /** 'compile', 'expression-cost' or 'crd-cost' (cost findings are Forbidden errors upstream). */
  kind?: string;
  cost?: bigint;
  limit?: bigint;
}

/** Compiles and costs every rule of one CRD version's openAPIV3Schema (plain JSON, as in the CRD). */
export type CelCheck = (openAPIV3Schema: Record<string, unknown>) => CelAdmissionFinding[];

/** The x-kubernetes-validations node a finding belongs to ("openAPIV3Schema.properties[a]"), if any. */
export function findingNode(schemaPath: string): string | undefined {
  const i = schemaPath.lastIndexOf('.x-kubernetes-validations[');
  return i < 0 ? undefined : schemaPath.slice(0, i);
}

/** The rule index of a finding on `...x-kubernetes-validations[i].rule|messageExpression`. */
export function findingRuleIndex(schemaPath: string): number | undefined {
  const m = /\.x-kubernetes-validations\[(\d+)\]\.(rule|messageExpression)$/.exec(schemaPath);
  return m ? Number(m[1]) : undefined;
}

export const isCostFinding = (f: CelAdmissionFinding): boolean => f.kind === 'expression-cost' || f.kind === 'crd-cost' || f.limit !== undefined;
