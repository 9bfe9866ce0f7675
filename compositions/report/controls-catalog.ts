// The control catalog the security report is measured against: facts about each control in scope
// (CIS AWS Foundations Benchmark v3.0.0, all 62 recommendations, and the Security Hub FSBP v1.0.0
// controls recorded in ../shared/research/controls.json). `npm run controls-catalog`
// (scripts/controls-catalog.ts) derives compositions/report/controls-catalog.json from that research file;
// the JSON is committed so that nothing needs ../shared to build or test, and a test proves it equals
// what the script would produce whenever ../shared is present.
import catalogJson from './controls-catalog.json';

/** The frameworks in scope, by their short name. */
export const CATALOG_FRAMEWORKS = {
  'CIS v3.0.0': 'CIS AWS Foundations Benchmark v3.0.0',
  FSBP: 'AWS Security Hub - AWS Foundational Security Best Practices (FSBP) v1.0.0',
} as const;
export type CatalogFramework = keyof typeof CATALOG_FRAMEWORKS;

export type CisAssessment = 'Automated' | 'Manual';
export type SecurityHubSeverity = 'Critical' | 'High' | 'Medium' | 'Low';

export interface CatalogControl {
  /** Record id in controls.json, e.g. `CIS-v3.0.0-3.1`, `SH-CloudTrail.1`. */
  readonly id: string;
  readonly framework: CatalogFramework;
  /** The id inside its framework, e.g. `3.1`, `CloudTrail.1`. */
  readonly control: string;
  readonly title: string;
  /** CIS only: whether the benchmark's audit procedure is automatable. */
  readonly assessment?: CisAssessment;
  /** CIS only: profile level (1 or 2). */
  readonly level?: 1 | 2;
  /** Security Hub only: the control's severity. */
  readonly severity?: SecurityHubSeverity;
}

const SEVERITIES: readonly SecurityHubSeverity[] = ['Critical', 'High', 'Medium', 'Low'];

/** The short reference used across the project (`CIS 3.1`, `CloudTrail.1`), as in config-rules.ts. */
export function shortControlRef(c: Pick<CatalogControl, 'framework' | 'control'>): string {
  return c.framework === 'CIS v3.0.0' ? `CIS ${c.control}` : c.control;
}

function field(record: Record<string, unknown>, name: string): string {
  const v = record[name];
  if (typeof v !== 'string' || v === '') throw new Error(`controls.json record ${String(record.id)}: '${name}' must be a non-empty string, got ${JSON.stringify(v)}`);
  return v;
}

/**
 * The catalog from the research records: records of other frameworks are left out; each kept record
 * must carry the facts its framework has (CIS: assessment and profile; FSBP: severity), else this
 * throws naming the record, the field, the allowed values and the given value.
 */
export function buildControlsCatalog(records: readonly unknown[]): CatalogControl[] {
  const frameworkByName = new Map(Object.entries(CATALOG_FRAMEWORKS).map(([short, name]) => [name as string, short as CatalogFramework]));
  const out: CatalogControl[] = [];
  for (const raw of records) {
    const r = raw as Record<string, unknown>;
    const framework = frameworkByName.get(String(r.framework));
    if (!framework) continue;
    const id = field(r, 'id');
    const prefix = framework === 'CIS v3.0.0' ? 'CIS-v3.0.0-' : 'SH-';
    if (!id.startsWith(prefix)) throw new Error(`controls.json record ${id}: 'id' must start with '${prefix}' for ${framework}, got '${id}'`);
    const base = { id, framework, control: id.slice(prefix.length), title: field(r, 'title') };
    if (framework === 'CIS v3.0.0') {
      const assessment = field(r, 'assessment');
      if (assessment !== 'Automated' && assessment !== 'Manual') throw new Error(`controls.json record ${id}: 'assessment' must be Automated or Manual, got '${assessment}'`);
      const profile = field(r, 'profile');
      if (profile !== 'Level 1' && profile !== 'Level 2') throw new Error(`controls.json record ${id}: 'profile' must be Level 1 or Level 2, got '${profile}'`);
      out.push({ ...base, assessment, level: profile === 'Level 1' ? 1 : 2 });
    } else {
      // controls.json spells some severities in lowercase (prowler's mapping); Security Hub capitalizes them.
      const given = field(r, 'severity');
      const severity = SEVERITIES.find((s) => s.toLowerCase() === given.toLowerCase());
      if (!severity) throw new Error(`controls.json record ${id}: 'severity' must be one of ${SEVERITIES.join(', ')}, got '${given}'`);
      out.push({ ...base, severity });
    }
  }
  const seen = new Set<string>();
  for (const c of out) {
    if (seen.has(c.id)) throw new Error(`controls.json: duplicate record id '${c.id}'`);
    seen.add(c.id);
  }
  return out;
}

/** The committed file's exact text for a catalog (2-space JSON, trailing newline). */
export function controlsCatalogText(catalog: readonly CatalogControl[]): string {
  return `${JSON.stringify(catalog, null, 2)}\n`;
}

/** The committed catalog (compositions/report/controls-catalog.json). */
export const CONTROLS_CATALOG: readonly CatalogControl[] = catalogJson as CatalogControl[];
