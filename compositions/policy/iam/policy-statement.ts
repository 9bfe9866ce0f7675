// One statement of an IAM policy, checked as it is built.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html

import { isArn } from './arn';
import {
  type ConditionValue,
  type ConditionsJson,
  conditionKeyProblem,
  conditionOperatorProblem,
  conditionValuesProblem,
} from './conditions';
import { Effect } from './effect';
import { ANYONE, type Principal, type PrincipalJson, Principals, renderPrincipals } from './principals';
import { isWholeToken, maskTokens } from './tokens';

export interface PolicyStatementProps {
  /**
   * Statement id; names the statement in error messages and simulator reasons.
   * @default - no Sid
   */
  readonly sid?: string;
  /** @default Effect.ALLOW */
  readonly effect?: Effect;
  /** @default - none */
  readonly actions?: readonly string[];
  /** @default - none */
  readonly notActions?: readonly string[];
  /** @default - none */
  readonly principals?: readonly Principal[];
  /** @default - none */
  readonly notPrincipals?: readonly Principal[];
  /** @default - none */
  readonly resources?: readonly string[];
  /** @default - none */
  readonly notResources?: readonly string[];
  /** Operator -> key -> value(s), as in policy JSON. @default - no conditions */
  readonly conditions?: ConditionsJson;
}

/** A statement as it appears in policy JSON; keys are emitted in this order. */
export interface PolicyStatementJson {
  Sid?: string;
  Effect: Effect;
  Principal?: PrincipalJson;
  NotPrincipal?: PrincipalJson;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: ConditionsJson;
}

// `service:Action`, service lowercase, action with optional '*'/'?' wildcards; or '*' alone.
const ACTION_PATTERN = /^[a-z0-9-]+:[A-Za-z0-9*?-]+$/;
// IAM (identity) policies accept only alphanumeric Sids; resource policies are more lenient.
const IDENTITY_SID_PATTERN = /^[A-Za-z0-9]*$/;
const NO_SID_LABEL = 'statement without sid';

type Pair = 'actions' | 'principals' | 'resources';
const JSON_NAMES: Record<Pair, [string, string]> = {
  actions: ['Action', 'NotAction'],
  principals: ['Principal', 'NotPrincipal'],
  resources: ['Resource', 'NotResource'],
};

export class PolicyStatement {
  /** Parses one statement of policy JSON; throws on the same problems as the add-methods. */
  public static fromJson(json: unknown): PolicyStatement {
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw new Error(`statement: expected an object, got ${JSON.stringify(json)}`);
    }
    const o = json as Record<string, unknown>;
    const known = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];
    const unknown = Object.keys(o).filter((k) => !known.includes(k));
    if (unknown.length > 0) {
      throw new Error(`statement: unknown element(s) ${unknown.map((k) => `'${k}'`).join(', ')}; allowed are ${known.join(', ')}`);
    }
    if (o.Effect !== Effect.ALLOW && o.Effect !== Effect.DENY) {
      throw new Error(`statement: 'Effect' must be 'Allow' or 'Deny', got ${JSON.stringify(o.Effect)}`);
    }
    return new PolicyStatement({
      sid: o.Sid === undefined ? undefined : String(o.Sid),
      effect: o.Effect,
      actions: stringList(o.Action, 'Action'),
      notActions: stringList(o.NotAction, 'NotAction'),
      principals: o.Principal === undefined ? undefined : Principals.fromJson(o.Principal),
      notPrincipals: o.NotPrincipal === undefined ? undefined : Principals.fromJson(o.NotPrincipal),
      resources: stringList(o.Resource, 'Resource'),
      notResources: stringList(o.NotResource, 'NotResource'),
      conditions: o.Condition as ConditionsJson | undefined,
    });
  }

  public readonly sid: string | undefined;
  public readonly effect: Effect;

  private readonly _actions: string[] = [];
  private readonly _notActions: string[] = [];
  private readonly _principals: Principal[] = [];
  private readonly _notPrincipals: Principal[] = [];
  private readonly _resources: string[] = [];
  private readonly _notResources: string[] = [];
  // Map keeps insertion order; rendering sorts operators and keys for stable output.
  private readonly _conditions = new Map<string, Map<string, ConditionValue[]>>();
  private frozen = false;

  constructor(props: PolicyStatementProps = {}) {
    this.sid = props.sid;
    this.effect = props.effect ?? Effect.ALLOW;
    // Props go through the add-methods so that both ways of building share every check.
    if (props.actions) this.addActions(...props.actions);
    if (props.notActions) this.addNotActions(...props.notActions);
    if (props.principals) this.addPrincipals(...props.principals);
    if (props.notPrincipals) this.addNotPrincipals(...props.notPrincipals);
    if (props.resources) this.addResources(...props.resources);
    if (props.notResources) this.addNotResources(...props.notResources);
    if (props.conditions) this.addConditions(props.conditions);
  }

  public get actions(): readonly string[] { return [...this._actions]; }
  public get notActions(): readonly string[] { return [...this._notActions]; }
  public get principals(): readonly Principal[] { return [...this._principals]; }
  public get notPrincipals(): readonly Principal[] { return [...this._notPrincipals]; }
  public get resources(): readonly string[] { return [...this._resources]; }
  public get notResources(): readonly string[] { return [...this._notResources]; }
  public get hasPrincipal(): boolean { return this._principals.length + this._notPrincipals.length > 0; }
  public get hasResource(): boolean { return this._resources.length + this._notResources.length > 0; }

  /** The conditions as policy JSON (operators and keys sorted). */
  public get conditions(): ConditionsJson {
    return renderConditions(this._conditions) ?? {};
  }

  public addActions(...actions: string[]): this {
    this.checkExclusive('actions', false);
    for (const a of actions) this.checkAction(a);
    addUnique(this._actions, actions);
    return this;
  }

  public addNotActions(...actions: string[]): this {
    this.checkExclusive('actions', true);
    for (const a of actions) this.checkAction(a);
    addUnique(this._notActions, actions);
    return this;
  }

  public addPrincipals(...principals: Principal[]): this {
    this.checkExclusive('principals', false);
    this.checkAnyoneAlone(this._principals, principals);
    this._principals.push(...principals);
    return this;
  }

  public addNotPrincipals(...principals: Principal[]): this {
    this.checkExclusive('principals', true);
    this.checkAnyoneAlone(this._notPrincipals, principals);
    this._notPrincipals.push(...principals);
    return this;
  }

  public addResources(...resources: string[]): this {
    this.checkExclusive('resources', false);
    for (const r of resources) this.checkResource(r);
    addUnique(this._resources, resources);
    return this;
  }

  public addNotResources(...resources: string[]): this {
    this.checkExclusive('resources', true);
    for (const r of resources) this.checkResource(r);
    addUnique(this._notResources, resources);
    return this;
  }

  /** Adds `operator: { key: value(s) }`; values for an existing operator/key pair are merged. */
  public addCondition(operator: string, key: string, value: ConditionValue | readonly ConditionValue[]): this {
    this.checkMutable();
    const values: ConditionValue[] = Array.isArray(value) ? [...(value as readonly ConditionValue[])] : [value as ConditionValue];
    const problem = conditionOperatorProblem(operator) ?? conditionKeyProblem(key) ?? conditionValuesProblem(operator, key, values);
    if (problem) throw new Error(`${this.label}: ${problem}`);
    const keys = this._conditions.get(operator) ?? new Map<string, ConditionValue[]>();
    const existing = keys.get(key) ?? [];
    addUnique(existing, values);
    keys.set(key, existing);
    this._conditions.set(operator, keys);
    return this;
  }

  /** Adds a whole Condition block. */
  public addConditions(conditions: ConditionsJson): this {
    for (const [operator, keys] of Object.entries(conditions)) {
      if (typeof keys !== 'object' || keys === null || Array.isArray(keys)) {
        throw new Error(`${this.label}: condition '${operator}' must map condition keys to values, got ${JSON.stringify(keys)}`);
      }
      for (const [key, value] of Object.entries(keys)) this.addCondition(operator, key, value);
    }
    return this;
  }

  /** Makes the statement immutable, e.g. once a document has been rendered from it. */
  public freeze(): this {
    this.frozen = true;
    return this;
  }

  /** Problems that make the statement invalid in any kind of policy. */
  public validateForAnyPolicy(): string[] {
    const errors: string[] = [];
    if (this._actions.length + this._notActions.length === 0) {
      errors.push(`${this.label}: has no actions; add at least one action or notAction`);
    }
    return errors;
  }

  /** Problems for a resource-based policy (bucket, key, topic, queue policy): it needs a principal and resources. */
  public validateForResourcePolicy(): string[] {
    const errors = this.validateForAnyPolicy();
    if (!this.hasPrincipal) {
      errors.push(`${this.label}: a resource policy statement must name a principal; add principals or notPrincipals`);
    }
    if (!this.hasResource) {
      errors.push(`${this.label}: has no resources; add at least one resource or notResource`);
    }
    return errors;
  }

  /** Problems for an identity-based policy or an SCP: no principal, resources required, alphanumeric Sid. */
  public validateForIdentityPolicy(): string[] {
    const errors = this.validateForAnyPolicy();
    if (this.hasPrincipal) {
      errors.push(`${this.label}: an identity policy statement must not name a principal; remove principals and notPrincipals`);
    }
    if (!this.hasResource) {
      errors.push(`${this.label}: has no resources; add at least one resource or notResource`);
    }
    if (this.sid !== undefined && !IDENTITY_SID_PATTERN.test(this.sid)) {
      errors.push(`${this.label}: sid '${this.sid}' must contain only letters and digits in an identity policy`);
    }
    return errors;
  }

  /** Problems for a role trust policy: it needs a principal and must not name resources. */
  public validateForTrustPolicy(): string[] {
    const errors = this.validateForAnyPolicy();
    if (!this.hasPrincipal) {
      errors.push(`${this.label}: a trust policy statement must name a principal; add principals or notPrincipals`);
    }
    if (this.hasResource) {
      errors.push(`${this.label}: a trust policy statement must not name resources; remove resources and notResources`);
    }
    return errors;
  }

  /** The statement as policy JSON, keys in IAM's documented order, single values collapsed. */
  public toJson(): PolicyStatementJson {
    // Insertion order is JSON.stringify order: Sid, Effect, Principal, ..., Condition.
    const ordered = {} as PolicyStatementJson;
    if (this.sid !== undefined) ordered.Sid = this.sid;
    ordered.Effect = this.effect;
    assignIfDefined(ordered, 'Principal', renderPrincipals(this._principals));
    assignIfDefined(ordered, 'NotPrincipal', renderPrincipals(this._notPrincipals));
    assignIfDefined(ordered, 'Action', collapse(this._actions));
    assignIfDefined(ordered, 'NotAction', collapse(this._notActions));
    assignIfDefined(ordered, 'Resource', collapse(this._resources));
    assignIfDefined(ordered, 'NotResource', collapse(this._notResources));
    assignIfDefined(ordered, 'Condition', renderConditions(this._conditions));
    return ordered;
  }

  /** Label used at the start of every message about this statement. */
  public get label(): string {
    return this.sid === undefined ? NO_SID_LABEL : `statement '${this.sid}'`;
  }

  private checkMutable(): void {
    if (this.frozen) throw new Error(`${this.label}: is frozen and cannot be changed`);
  }

  private checkExclusive(pair: Pair, negated: boolean): void {
    this.checkMutable();
    const [positive, negative] = JSON_NAMES[pair];
    const other = negated ? this.positiveOf(pair) : this.negativeOf(pair);
    if (other.length > 0) {
      const [adding, existing] = negated ? [negative, positive] : [positive, negative];
      throw new Error(`${this.label}: cannot add ${adding} because it already has ${existing}; a statement uses only one of ${positive} or ${negative}`);
    }
  }

  private positiveOf(pair: Pair): readonly unknown[] {
    return pair === 'actions' ? this._actions : pair === 'principals' ? this._principals : this._resources;
  }

  private negativeOf(pair: Pair): readonly unknown[] {
    return pair === 'actions' ? this._notActions : pair === 'principals' ? this._notPrincipals : this._notResources;
  }

  private checkAction(action: string): void {
    if (action === '*' || isWholeToken(action)) return;
    if (!ACTION_PATTERN.test(maskTokens(action, 'x'))) {
      throw new Error(`${this.label}: action '${action}' must look like 'service:Action' (wildcards * and ? allowed, e.g. 's3:Put*') or be '*'`);
    }
  }

  private checkResource(resource: string): void {
    if (resource === '*' || isWholeToken(resource) || isArn(resource)) return;
    throw new Error(`${this.label}: resource '${resource}' must be '*' or an ARN (arn:partition:service:region:account:resource)`);
  }

  private checkAnyoneAlone(existing: readonly Principal[], adding: readonly Principal[]): void {
    const all = [...existing, ...adding];
    if (all.some((p) => p.type === ANYONE) && all.some((p) => p.type !== ANYONE)) {
      throw new Error(`${this.label}: principal '*' (anyone) cannot be combined with other principals; it already includes them`);
    }
  }
}

/** Prefix of messages about a statement without a Sid; documents replace it with the position. */
export const STATEMENT_WITHOUT_SID_LABEL = NO_SID_LABEL;

function addUnique<T>(target: T[], values: readonly T[]): void {
  for (const v of values) if (!target.includes(v)) target.push(v);
}

function collapse(values: readonly string[]): string | string[] | undefined {
  if (values.length === 0) return undefined;
  return values.length === 1 ? values[0]! : [...values];
}

function assignIfDefined<K extends keyof PolicyStatementJson>(json: PolicyStatementJson, key: K, value: PolicyStatementJson[K] | undefined): void {
  if (value !== undefined) json[key] = value;
}

function renderConditions(conditions: ReadonlyMap<string, ReadonlyMap<string, ConditionValue[]>>): ConditionsJson | undefined {
  if (conditions.size === 0) return undefined;
  const json: ConditionsJson = {};
  for (const operator of [...conditions.keys()].sort()) {
    const keys = conditions.get(operator)!;
    const block: Record<string, ConditionValue | ConditionValue[]> = {};
    for (const key of [...keys.keys()].sort()) {
      const values = keys.get(key)!;
      block[key] = values.length === 1 ? values[0]! : [...values];
    }
    json[operator] = block;
  }
  return json;
}

function stringList(value: unknown, element: string): string[] | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((v): v is string => typeof v === 'string')) {
    throw new Error(`statement: '${element}' must be a string or a list of strings, got ${JSON.stringify(value)}`);
  }
  return list;
}
