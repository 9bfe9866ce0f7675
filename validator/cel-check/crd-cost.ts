// CEL admission of a CRD version's openAPIV3Schema as the API server does it on create
// (apiextensions-apiserver pkg/apis/apiextensions/validation/validation.go
// ValidateCustomResourceDefinitionOpenAPISchema and validateCustomResourceDefinitionValidation):
// every rule and messageExpression is compiled against its node's type, its estimated cost is
// multiplied by how often the node can occur, and the per-expression and per-CRD limits are applied.
import { childPath, displayPath } from '../paths';
import { compileRules, type ValidationRule } from './compile';
import { DEFAULT_KUBERNETES_VERSION, kubernetesCelEnvironment } from './environment';
import { type JsonSchema, schemaAdditionalProperties, schemaItems, schemaProperties } from './decl-type';
import {
  CelSchemaContext,
  hasRules,
  multiplyWithOverflowGuard,
  STATIC_ESTIMATED_COST_LIMIT,
  STATIC_ESTIMATED_CRD_COST_LIMIT,
} from './schema-context';

export { STATIC_ESTIMATED_COST_LIMIT, STATIC_ESTIMATED_CRD_COST_LIMIT };

export interface CelExpressionCost {
  /** upstream field.Path style: "openAPIV3Schema.properties[spec].properties[subnets].items.x-kubernetes-validations[0].rule" */
  schemaPath: string;
  /** data path of `self`: ".spec.subnets[*]" (map values are "[*]" too; the root is ".") */
  dataPath: string;
  /** the rule or messageExpression text */
  expression: string;
  which: 'rule' | 'messageExpression';
  /** one evaluation */
  maxCost: bigint;
  /** how many times it can run; 1 for messageExpressions, whose cost upstream does not multiply */
  cardinality: bigint;
  /** maxCost × cardinality (saturating) = what is compared with the per-expression limit */
  cost: bigint;
}

export interface CelAdmissionError {
  schemaPath: string;
  dataPath: string;
  expression?: string;
  message: string;
  /**
   * rule: an x-kubernetes-validations entry is malformed (blank rule, bad message, ...); CEL is then skipped at that node and its ancestors;
   * transition: oldSelf used where it cannot be correlated, or optionalOldSelf without oldSelf
   */
  kind: 'compile' | 'expression-cost' | 'crd-cost' | 'rule' | 'transition';
  cost?: bigint;
  limit?: bigint;
}

export interface CrdCelReport {
  expressions: CelExpressionCost[];
  total: bigint;
  errors: CelAdmissionError[];
}

/** getCostErrorMessage of validation.go */
export function costErrorMessage(costName: string, cost: bigint, limit: bigint): string {
  const factor = Number(cost) / Number(limit);
  let f: string;
  if (factor > 100) f = 'more than 100x';
  else if (factor < 1.5) f = `${formatFixedHalfEven(factor, 6)}x`;
  else f = `${formatFixedHalfEven(factor, 1)}x`;
  return `${costName} exceeds budget by factor of ${f} (try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)`;
}

/** Go's %.Nf: the exact binary value rounded half to even (JavaScript's toFixed rounds ties up). */
export function formatFixedHalfEven(x: number, digits: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const exp = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  const mant = exp === 0 ? frac : frac | (1n << 52n);
  const e2 = (exp === 0 ? 1 : exp) - 1075;
  const scale = 10n ** BigInt(digits);
  let q: bigint;
  if (e2 >= 0) q = (mant << BigInt(e2)) * scale;
  else {
    const num = mant * scale;
    const den = 1n << BigInt(-e2);
    q = num / den;
    const r2 = (num % den) * 2n;
    if (r2 > den || (r2 === den && q % 2n === 1n)) q += 1n;
  }
  const s = q.toString().padStart(digits + 1, '0');
  const out = digits === 0 ? s : `${s.slice(0, -digits)}.${s.slice(-digits)}`;
  return x < 0 ? `-${out}` : out;
}

interface WalkState {
  readonly report: CrdCelReport;
  readonly env: ReturnType<typeof kubernetesCelEnvironment>;
}

/** Path of the outermost uncorrelatable ancestor (a list that is not a map list): oldSelf is forbidden below it. */
type Uncorrelatable = string | undefined;

export function checkCrdCel(openAPIV3Schema: Record<string, unknown>, opts: { kubernetesVersion?: string } = {}): CrdCelReport {
  const env = kubernetesCelEnvironment(opts.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION);
  const report: CrdCelReport = { expressions: [], total: 0n, errors: [] };
  const root = CelSchemaContext.root(openAPIV3Schema, { intOrStringHonorsMaxLength: env.intOrStringHonorsMaxLength });
  walk(openAPIV3Schema, 'openAPIV3Schema', '', root, undefined, { report, env });
  const total = root.totalCost;
  report.total = total.total;
  if (total.total > STATIC_ESTIMATED_CRD_COST_LIMIT) {
    const byPath = new Map(report.expressions.map((x) => [x.schemaPath, x]));
    for (const expensive of total.mostExpensive) {
      const x = byPath.get(expensive.path);
      report.errors.push({
        schemaPath: expensive.path,
        dataPath: x?.dataPath ?? '.',
        ...(x ? { expression: x.expression } : {}),
        message: 'contributed to estimated rule cost total exceeding cost limit for entire OpenAPIv3 schema',
        kind: 'crd-cost',
        cost: expensive.cost,
        limit: STATIC_ESTIMATED_CRD_COST_LIMIT,
      });
    }
    report.errors.push({
      schemaPath: 'openAPIV3Schema',
      dataPath: '.',
      message: costErrorMessage('x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema', total.total, STATIC_ESTIMATED_CRD_COST_LIMIT),
      kind: 'crd-cost',
      cost: total.total,
      limit: STATIC_ESTIMATED_CRD_COST_LIMIT,
    });
  }
  return report;
}

/**
 * ValidateCustomResourceDefinitionOpenAPISchema, CEL part: children first (additionalProperties,
 * properties, items), then this node's rules. Returns whether the subtree had schema errors in its
 * x-kubernetes-validations entries: upstream then skips CEL compilation of this node and its ancestors.
 */
function walk(schema: JsonSchema, path: string, data: string, ctx: CelSchemaContext, uncorrelatable: Uncorrelatable, state: WalkState): boolean {
  let schemaErrors = false;
  const additional = schemaAdditionalProperties(schema);
  if (additional) schemaErrors = walk(additional, `${path}.additionalProperties`, `${data}[*]`, ctx.childAdditionalProperties(additional), uncorrelatable, state) || schemaErrors;
  const props = schemaProperties(schema);
  if (props) {
    // properties of an object with an unknown x-kubernetes-map-type do not correlate (MapIsCorrelatable)
    const mapType = schema['x-kubernetes-map-type'];
    const propsUncorrelatable = uncorrelatable ?? (mapType !== undefined && mapType !== 'granular' && mapType !== 'atomic' ? path : undefined);
    for (const name of [...props.keys()].sort()) {
      const prop = props.get(name)!;
      schemaErrors = walk(prop, `${path}.properties[${name}]`, childPath(data, name), ctx.childProperty(prop, name), propsUncorrelatable, state) || schemaErrors;
    }
  }
  // only items of map lists correlate old and new values; oldSelf is forbidden below any other list
  const itemsUncorrelatable = uncorrelatable ?? (schema['x-kubernetes-list-type'] !== 'map' ? path : undefined);
  const items = schemaItems(schema);
  if (items) {
    schemaErrors = walk(items, `${path}.items`, `${data}[*]`, ctx.childItems(items), itemsUncorrelatable, state) || schemaErrors;
  } else if (Array.isArray(schema.items)) {
    schema.items.forEach((it, i) => {
      if (typeof it === 'object' && it !== null) {
        schemaErrors = walk(it as JsonSchema, `${path}.items[${i}]`, `${data}[*]`, ctx.childItems(it as JsonSchema), itemsUncorrelatable, state) || schemaErrors;
      }
    });
  }
  if (hasRules(schema)) {
    const entryErrors = ruleEntryErrors(schema, `${path}.x-kubernetes-validations`, displayPath(data), Number(state.env.kubernetesVersion.split('.')[1]) >= 34);
    state.report.errors.push(...entryErrors);
    schemaErrors = schemaErrors || entryErrors.length > 0;
    if (!schemaErrors) compileNode(schema, path, data, ctx, uncorrelatable, state);
  }
  return schemaErrors;
}

const SUPPORTED_REASONS = ['FieldValueDuplicate', 'FieldValueForbidden', 'FieldValueInvalid', 'FieldValueRequired'];
const NEWLINES = /[\n\r]+/;

/**
 * The checks of each x-kubernetes-validations entry in validation.go (fieldPath validity itself is not
 * checked here). `shortMessages`: 1.34 dropped the field name from the start of several messages.
 */
function ruleEntryErrors(schema: JsonSchema, rulesPath: string, dataPath: string, shortMessages: boolean): CelAdmissionError[] {
  const out: CelAdmissionError[] = [];
  const raw = schema['x-kubernetes-validations'] as unknown[];
  raw.forEach((r, i) => {
    const o = (typeof r === 'object' && r !== null ? r : {}) as Record<string, unknown>;
    const str = (k: string): string => (typeof o[k] === 'string' ? (o[k] as string) : '');
    const rule = str('rule');
    const message = str('message');
    const messageExpression = str('messageExpression');
    const fieldPath = str('fieldPath');
    const at = (field: string, msg: string): void => {
      if (shortMessages) msg = msg.replace(/^(message|fieldPath) must (be non-empty if specified|not contain line breaks)$/, 'must $2');
      out.push({ schemaPath: `${rulesPath}[${i}].${field}`, dataPath, ...(rule ? { expression: rule } : {}), message: msg, kind: 'rule' });
    };
    const trimmedRule = rule.trim();
    const trimmedMsg = message.trim();
    if (trimmedRule.length === 0) at('rule', 'rule is not specified');
    else if (message.length > 0 && trimmedMsg.length === 0) at('message', 'message must be non-empty if specified');
    else if (NEWLINES.test(trimmedMsg)) at('message', 'message must not contain line breaks');
    else if (NEWLINES.test(trimmedRule) && trimmedMsg.length === 0) at('message', 'message must be specified if rule contains line breaks');
    if (messageExpression.length > 0 && messageExpression.trim().length === 0) at('messageExpression', 'messageExpression must be non-empty if specified');
    if (o.reason !== undefined && !SUPPORTED_REASONS.includes(String(o.reason))) {
      at('reason', `Unsupported value: ${JSON.stringify(String(o.reason))}: supported values: ${SUPPORTED_REASONS.map((x) => JSON.stringify(x)).join(', ')}`);
    }
    if (fieldPath.length > 0 && fieldPath.trim().length === 0) at('fieldPath', 'fieldPath must be non-empty if specified');
    if (NEWLINES.test(fieldPath)) at('fieldPath', 'fieldPath must not contain line breaks');
  });
  return out;
}

function readRules(schema: JsonSchema): ValidationRule[] {
  return (schema['x-kubernetes-validations'] as unknown[]).map((r) => {
    const o = (typeof r === 'object' && r !== null ? r : {}) as Record<string, unknown>;
    return {
      rule: typeof o.rule === 'string' ? o.rule : '',
      ...(typeof o.messageExpression === 'string' ? { messageExpression: o.messageExpression } : {}),
      ...(typeof o.optionalOldSelf === 'boolean' ? { optionalOldSelf: o.optionalOldSelf } : {}),
    };
  });
}

function compileNode(schema: JsonSchema, path: string, data: string, ctx: CelSchemaContext, uncorrelatable: Uncorrelatable, state: WalkState): void {
  const dataPath = displayPath(data);
  const { report, env } = state;
  const rulesPath = `${path}.x-kubernetes-validations`;
  const typeInfo = ctx.typeInfo();
  if (!typeInfo.info) {
    const message =
      typeInfo.error !== undefined
        ? `internal error: failed to construct type information for x-kubernetes-validations rules: ${typeInfo.error}`
        : 'internal error: failed to retrieve type information for x-kubernetes-validations';
    report.errors.push({ schemaPath: rulesPath, dataPath, message, kind: 'compile' });
    return;
  }
  const rules = readRules(schema);
  const results = compileRules(rules, typeInfo.info.declType, env);
  results.forEach((cr, i) => {
    const rule = rules[i];
    const rulePath = `${rulesPath}[${i}].rule`;
    const cardinality = ctx.maxCardinality ?? cr.maxCardinality;
    const cost = multiplyWithOverflowGuard(cr.maxCost, cardinality);
    if (cr.compiled) report.expressions.push({ schemaPath: rulePath, dataPath, expression: rule.rule, which: 'rule', maxCost: cr.maxCost, cardinality, cost });
    if (cost > STATIC_ESTIMATED_COST_LIMIT) {
      report.errors.push({
        schemaPath: rulePath,
        dataPath,
        expression: rule.rule,
        message: costErrorMessage('estimated rule cost', cost, STATIC_ESTIMATED_COST_LIMIT),
        kind: 'expression-cost',
        cost,
        limit: STATIC_ESTIMATED_COST_LIMIT,
      });
    }
    ctx.totalCost.observe(rulePath, cost);
    if (cr.error !== undefined) report.errors.push({ schemaPath: rulePath, dataPath, expression: rule.rule, message: cr.error, kind: 'compile' });
    const msgPath = `${rulesPath}[${i}].messageExpression`;
    if (cr.messageExpressionError !== undefined) {
      report.errors.push({ schemaPath: msgPath, dataPath, expression: rule.messageExpression, message: cr.messageExpressionError, kind: 'compile' });
    } else if (cr.messageExpressionCompiled) {
      const msgCost = cr.messageExpressionMaxCost;
      report.expressions.push({ schemaPath: msgPath, dataPath, expression: rule.messageExpression!, which: 'messageExpression', maxCost: msgCost, cardinality: 1n, cost: msgCost });
      if (msgCost > STATIC_ESTIMATED_COST_LIMIT) {
        report.errors.push({
          schemaPath: msgPath,
          dataPath,
          expression: rule.messageExpression,
          message: costErrorMessage('estimated messageExpression cost', msgCost, STATIC_ESTIMATED_COST_LIMIT),
          kind: 'expression-cost',
          cost: msgCost,
          limit: STATIC_ESTIMATED_COST_LIMIT,
        });
      }
      ctx.totalCost.observe(msgPath, msgCost);
    }
    if (cr.usesOldSelf) {
      if (uncorrelatable !== undefined) {
        report.errors.push({ schemaPath: rulePath, dataPath, expression: rule.rule, message: `oldSelf cannot be used on the uncorrelatable portion of the schema within ${uncorrelatable}`, kind: 'transition' });
      }
    } else if (rule.optionalOldSelf !== undefined) {
      report.errors.push({ schemaPath: `${rulesPath}[${i}].optionalOldSelf`, dataPath, expression: rule.rule, message: 'may not be set if oldSelf is not used in rule', kind: 'transition' });
    }
  });
}
