// metav1.LabelSelectorAsSelector and labels.Requirement (k8s.io/apimachinery pkg/apis/meta/v1
// helpers.go, pkg/labels/selector.go): a selector parses into requirements that are validated as
// the API server validates them (an invalid key or value is an error, not a non-match) and ANDed.
import type { LabelSelector } from './api';
import { aggregate, FieldPath, type FieldError, invalid, isQualifiedName, isValidLabelValue, notSupported } from './field-errors';

type Operator = 'in' | 'notin' | '=' | 'exists' | '!';

interface Requirement {
  readonly key: string;
  readonly operator: Operator;
  readonly values: readonly string[];
}

export interface Selector {
  /** labels.Everything(): no requirement */
  readonly empty: boolean;
  matches(labels: Readonly<Record<string, string>> | undefined): boolean;
}

export class SelectorError extends Error {}

const EVERYTHING: Selector = { empty: true, matches: () => true };
/** labels.Nothing(): what a nil selector means */
export const NOTHING: Selector = { empty: false, matches: () => false };

const VALID_OPERATORS = ['!', '!=', '=', '==', 'exists', 'gt', 'in', 'lt', 'notin'];

/** labels.NewRequirement: key and value validation per operator; the errors aggregated. */
function newRequirement(key: string, operator: Operator, values: readonly string[]): Requirement {
  const errors: FieldError[] = [];
  const root = FieldPath.of();
  const keyErrors = isQualifiedName(key);
  if (keyErrors.length > 0) errors.push(invalid(root.child('key'), key, keyErrors.join('; ')));
  const valuePath = root.child('values');
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0) errors.push(invalid(valuePath, values, "for 'in', 'notin' operators, values set can't be empty"));
      break;
    case '=':
      if (values.length !== 1) errors.push(invalid(valuePath, values, 'exact-match compatibility requires one single value'));
      break;
    case 'exists':
    case '!':
      if (values.length !== 0) errors.push(invalid(valuePath, values, 'values set must be empty for exists and does not exist'));
      break;
    default:
      errors.push(notSupported(root.child('operator'), operator, VALID_OPERATORS));
  }
  values.forEach((v, i) => {
    const valueErrors = isValidLabelValue(v);
    if (valueErrors.length > 0) errors.push(invalid(valuePath.index(i).key(key), v, valueErrors.join('; ')));
  });
  const message = aggregate(errors);
  if (message !== undefined) throw new SelectorError(message);
  return { key, operator, values };
}

function requirementMatches(r: Requirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  switch (r.operator) {
    case 'in':
    case '=':
      return has && r.values.includes(labels[r.key]!);
    case 'notin':
      return !has || !r.values.includes(labels[r.key]!);
    case 'exists':
      return has;
    case '!':
      return !has;
  }
}

/**
 * LabelSelectorAsSelector. undefined is the nil selector (matches nothing); {} matches everything.
 * Throws SelectorError with upstream's message for an invalid key, value or operator.
 */
export function labelSelectorAsSelector(ps: LabelSelector | undefined | null): Selector {
  if (ps === undefined || ps === null) return NOTHING;
  const matchLabels = Object.entries(ps.matchLabels ?? {});
  const expressions = ps.matchExpressions ?? [];
  if (matchLabels.length + expressions.length === 0) return EVERYTHING;
  const requirements: Requirement[] = [];
  for (const [k, v] of matchLabels) requirements.push(newRequirement(k, '=', [v]));
  for (const e of expressions) {
    let op: Operator;
    switch (e.operator) {
      case 'In':
        op = 'in';
        break;
      case 'NotIn':
        op = 'notin';
        break;
      case 'Exists':
        op = 'exists';
        break;
      case 'DoesNotExist':
        op = '!';
        break;
      default:
        throw new SelectorError(`${JSON.stringify(e.operator)} is not a valid label selector operator`);
    }
    requirements.push(newRequirement(e.key, op, [...(e.values ?? [])]));
  }
  return {
    empty: false,
    matches: (labels) => requirements.every((r) => requirementMatches(r, labels ?? {})),
  };
}
