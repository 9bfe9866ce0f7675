// `-o tree`: the rendered claim as `crossplane beta trace` shows a live one: claim, its composite,
// nested composites and their resources, each with its composition-resource name, what AWS calls it
// (ARN, else the external name), SYNCED, READY and, when either is not True, the reason and message.
import type { JsonObject } from '../types';
import type { RenderOutput } from '../render';
import { ANNOTATION_COMPOSITION_RESOURCE_NAME, ANNOTATION_EXTERNAL_NAME, annotationsOf, controllerUid, getCondition, nameOf, obj, str } from '../crossplane/crossplane';
import type { FaultOutcome } from './faults';

interface Row {
  name: string;
  resource: string;
  synced: string;
  ready: string;
  aws: string;
  status: string;
}

const status = (o: JsonObject, type: string): string => str(getCondition(o, type)?.status) ?? '-';

function why(o: JsonObject): string {
  const parts: string[] = [];
  for (const type of ['Synced', 'Ready']) {
    const c = getCondition(o, type);
    if (!c || c.status === 'True') continue;
    const text = [str(c.reason), str(c.message)].filter(Boolean).join(': ');
    if (text && !parts.includes(text)) parts.push(text);
  }
  if (str(obj(o.metadata).deletionTimestamp) && !parts.some((p) => p.startsWith('Deleting'))) parts.unshift('Deleting');
  return parts.join('; ');
}

/** The ARN the provider reported, else the external name, else nothing (not an AWS resource). */
function awsName(o: JsonObject): string {
  const at = obj(obj(o.status).atProvider);
  return str(at.arn) ?? annotationsOf(o)[ANNOTATION_EXTERNAL_NAME] ?? '';
}

function row(o: JsonObject, prefix: string, isComposite: boolean): Row {
  return {
    name: `${prefix}${str(o.kind)}/${nameOf(o)}`,
    resource: annotationsOf(o)[ANNOTATION_COMPOSITION_RESOURCE_NAME] ?? '',
    synced: status(o, 'Synced'),
    ready: status(o, 'Ready'),
    aws: isComposite ? '' : awsName(o),
    status: why(o),
  };
}

export function formatTree(out: RenderOutput, isComposite: (o: JsonObject) => boolean, outcomes: FaultOutcome[] = []): string {
  const children = new Map<string, JsonObject[]>();
  for (const r of out.resources) {
    const parent = controllerUid(r) ?? '';
    children.set(parent, [...(children.get(parent) ?? []), r]);
  }
  const rows: Row[] = [];
  const walk = (o: JsonObject, prefix: string, childPrefix: string, composite: boolean): void => {
    rows.push(row(o, prefix, composite));
    const kids = [...(children.get(str(obj(o.metadata).uid) ?? '') ?? [])].sort((a, b) => {
      // Composites first (their subtrees are the domains), then resources by composition-resource name.
      const ca = isComposite(a) ? 0 : 1;
      const cb = isComposite(b) ? 0 : 1;
      const ka = annotationsOf(a)[ANNOTATION_COMPOSITION_RESOURCE_NAME] ?? '';
      const kb = annotationsOf(b)[ANNOTATION_COMPOSITION_RESOURCE_NAME] ?? '';
      return ca - cb || ka.localeCompare(kb) || nameOf(a).localeCompare(nameOf(b));
    });
    kids.forEach((k, i) => {
      const last = i === kids.length - 1;
      walk(k, `${childPrefix}${last ? '└─ ' : '├─ '}`, `${childPrefix}${last ? '   ' : '│  '}`, isComposite(k));
    });
  };
  if (out.claim) {
    rows.push(row(out.claim, '', true));
    walk(out.composite, '└─ ', '   ', true);
  } else {
    walk(out.composite, '', '', true);
  }
  const header: Row = { name: 'NAME', resource: 'RESOURCE', synced: 'SYNCED', ready: 'READY', aws: 'AWS NAME/ARN', status: 'STATUS' };
  const cols: (keyof Row)[] = ['name', 'resource', 'synced', 'ready', 'aws', 'status'];
  const all = [header, ...rows];
  const widths = cols.map((c) => Math.max(...all.map((r) => [...r[c]].length)));
  const line = (r: Row) => cols.map((c, i) => (i === cols.length - 1 ? r[c] : r[c].padEnd(widths[i]! + (r[c].length - [...r[c]].length)))).join('  ').trimEnd();
  const settled = out.converged ? `settled after ${out.passes} pass${out.passes === 1 ? '' : 'es'}` : `did not settle after ${out.passes} passes`;
  const faults = outcomes.map((o) => `fault ${o.fault.resource}=${o.fault.kind}${o.fault.message ? `:${o.fault.message}` : ''}: ${o.outcome}`);
  return `${[...all.map(line), settled, ...faults].join('\n')}\n`;
}
