// A policy document: the unit serialized into a managed resource's policy string at synth.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html

import { PolicyStatement, type PolicyStatementJson, STATEMENT_WITHOUT_SID_LABEL } from './policy-statement';

/** The only policy language version with policy variables; the older 2008 one treats `${...}` literally. */
export const POLICY_VERSION = '2012-10-17';

export interface PolicyDocumentProps {
  /** @default - no statements */
  readonly statements?: readonly PolicyStatement[];
}

export interface PolicyDocumentJson {
  Version: typeof POLICY_VERSION;
  Statement: PolicyStatementJson[];
}

export class PolicyDocument {
  /** Parses policy JSON (object or string); `toJson()` of the result equals the canonical input. */
  public static fromJson(json: unknown): PolicyDocument {
    const obj: unknown = typeof json === 'string' ? JSON.parse(json) : json;
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
      throw new Error(`policy document: expected an object, got ${JSON.stringify(obj)}`);
    }
    const { Version, Statement, ...rest } = obj as Record<string, unknown>;
    if (Object.keys(rest).length > 0) {
      throw new Error(`policy document: unknown element(s) ${Object.keys(rest).map((k) => `'${k}'`).join(', ')}; allowed are Version, Statement`);
    }
    if (Version !== POLICY_VERSION) {
      throw new Error(`policy document: 'Version' must be '${POLICY_VERSION}', got ${JSON.stringify(Version)}`);
    }
    const statements = Statement === undefined ? [] : Array.isArray(Statement) ? Statement : [Statement];
    return new PolicyDocument({ statements: statements.map((s) => PolicyStatement.fromJson(s)) });
  }

  private readonly _statements: PolicyStatement[] = [];

  constructor(props: PolicyDocumentProps = {}) {
    if (props.statements) this.addStatements(...props.statements);
  }

  public get statements(): readonly PolicyStatement[] {
    return [...this._statements];
  }

  public get isEmpty(): boolean {
    return this._statements.length === 0;
  }

  /** Appends statements; a Sid already used in this document is rejected. */
  public addStatements(...statements: PolicyStatement[]): this {
    const seen = new Set(this._statements.map((s) => s.sid).filter((sid) => sid !== undefined));
    for (const s of statements) {
      if (s.sid !== undefined) {
        if (seen.has(s.sid)) {
          throw new Error(`policy document: duplicate sid '${s.sid}'; each statement needs a unique Sid`);
        }
        seen.add(s.sid);
      }
    }
    this._statements.push(...statements);
    return this;
  }

  public validateForAnyPolicy(): string[] {
    return this.collect((s) => s.validateForAnyPolicy());
  }

  public validateForResourcePolicy(): string[] {
    return this.collect((s) => s.validateForResourcePolicy());
  }

  public validateForIdentityPolicy(): string[] {
    return this.collect((s) => s.validateForIdentityPolicy());
  }

  public validateForTrustPolicy(): string[] {
    return this.collect((s) => s.validateForTrustPolicy());
  }

  public toJson(): PolicyDocumentJson {
    return { Version: POLICY_VERSION, Statement: this._statements.map((s) => s.toJson()) };
  }

  /** Compact JSON with a fixed key order: the exact string written into the managed resource. */
  public toString(): string {
    return JSON.stringify(this.toJson());
  }

  private collect(validate: (s: PolicyStatement) => string[]): string[] {
    const errors: string[] = this.isEmpty ? ['policy document: has no statements; add at least one'] : [];
    this._statements.forEach((s, i) => {
      // A Sid-less statement is identified by its 1-based position instead.
      const label = s.sid === undefined ? `statement ${i + 1} (no sid)` : undefined;
      for (const msg of validate(s)) {
        errors.push(label ? msg.replace(STATEMENT_WITHOUT_SID_LABEL, label) : msg);
      }
    });
    return errors;
  }
}
