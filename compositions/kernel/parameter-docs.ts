// The claim reference (docs/claim-reference.md), generated from the synthesized XRDs so the
// documentation cannot drift from the schema users are validated against.
import type { Chart } from 'cdk8s';
import { synthesizeCharts } from './synth-charts';

type Node = Record<string, any>;

export interface ParameterRow {
  readonly path: string;
  readonly type: string;
  readonly required: boolean;
  readonly default?: string;
  readonly constraints: string;
  readonly description: string;
}

function typeOf(n: Node): string {
  if (n.type === 'array') return `${typeOf(n.items ?? {})}[]`;
  if (n.type === 'object' && n.additionalProperties) return `map of ${typeOf(n.additionalProperties)}`;
  return String(n.type ?? 'any');
}

function constraintsOf(n: Node): string {
  const c: string[] = [];
  if (n.enum) c.push(`one of ${n.enum.map((v: unknown) => `\`${String(v)}\``).join(', ')}`);
  if (n.pattern) c.push(`pattern \`${n.pattern}\``);
  if (n.minimum !== undefined) c.push(`≥ ${n.minimum}`);
  if (n.maximum !== undefined) c.push(`≤ ${n.maximum}`);
  if (n.minLength !== undefined) c.push(`length ≥ ${n.minLength}`);
  if (n.maxLength !== undefined) c.push(`length ≤ ${n.maxLength}`);
  if (n.minItems !== undefined) c.push(`≥ ${n.minItems} items`);
  if (n.maxItems !== undefined) c.push(`≤ ${n.maxItems} items`);
  if (n.items?.enum) c.push(`items one of ${n.items.enum.map((v: unknown) => `\`${String(v)}\``).join(', ')}`);
  for (const r of [...(n['x-kubernetes-validations'] ?? []), ...(n.items?.['x-kubernetes-validations'] ?? [])]) c.push(String(r.message));
  return c.join('; ');
}

/** Every leaf (and every object carrying rules) under `node`, depth first. */
export function parameterRows(node: Node, prefix: string, required: boolean): ParameterRow[] {
  const props = (node.properties ?? {}) as Record<string, Node>;
  const requiredNames = new Set<string>(node.required ?? []);
  const rows: ParameterRow[] = [];
  for (const [name, child] of Object.entries(props)) {
    const path = prefix ? `${prefix}.${name}` : name;
    const isRequired = required && requiredNames.has(name);
    const nested = child.type === 'object' && child.properties;
    const arrayOfObjects = child.type === 'array' && child.items?.properties;
    if (!nested || child['x-kubernetes-validations']) {
      rows.push({
        path,
        type: typeOf(child),
        required: isRequired,
        ...(child.default !== undefined ? { default: JSON.stringify(child.default) } : {}),
        constraints: constraintsOf(child),
        description: String(child.description ?? ''),
      });
    }
    if (nested) rows.push(...parameterRows(child, path, isRequired));
    if (arrayOfObjects) rows.push(...parameterRows(child.items, `${path}[]`, isRequired));
  }
  return rows;
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Markdown reference of the claim offered by `claimXrd` (an XRD object). */
export function claimReference(claimXrd: Node): string {
  const version = claimXrd.spec.versions[0];
  const params = version.schema.openAPIV3Schema.properties.spec.properties.parameters;
  const rows = parameterRows(params, 'spec.parameters', true);
  const status = parameterRows(version.schema.openAPIV3Schema.properties.status ?? {}, 'status', false);
  const kind = claimXrd.spec.claimNames.kind;
  const lines = [
    `# ${kind} claim reference`,
    '',
    `Generated from \`dist/apis/${claimXrd.spec.names.plural}/definition.yaml\` by \`npm run synth\`; do not edit.`,
    `Validate a claim offline with \`npx zta validate <claim.yaml>\`.`,
    '',
    '## Parameters',
    '',
    '| parameter | type | required | default | constraints | description |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => `| \`${r.path}\` | ${cell(r.type)} | ${r.required ? 'yes' : ''} | ${r.default ? `\`${cell(r.default)}\`` : ''} | ${cell(r.constraints)} | ${cell(r.description)} |`),
    '',
    '## Status (outputs for other systems and SIEM integration)',
    '',
    '| field | type | description |',
    '|---|---|---|',
    ...status.map((r) => `| \`${r.path}\` | ${cell(r.type)} | ${cell(r.description)} |`),
    '',
  ];
  return lines.join('\n');
}

/** The claim-offering XRDs among the synthesized charts. */
export function claimXrdsOf(charts: readonly Chart[]): Node[] {
  return (synthesizeCharts(charts) as Node[][]).flat().filter((o) => o.kind === 'CompositeResourceDefinition' && o.spec.claimNames);
}

/** docs/claims/<claim kind>.md for every claim the package offers. */
export function claimReferenceFiles(charts: readonly Chart[]): { path: string; content: string }[] {
  return claimXrdsOf(charts).map((x) => ({ path: `docs/claims/${String(x.spec.claimNames.kind)}.md`, content: claimReference(x) }));
}
