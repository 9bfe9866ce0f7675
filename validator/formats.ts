// String/number formats the API server validates for CRDs (kube-openapi strfmt), for Ajv. Every
// regex runs on Go's regexp, as strfmt's do; hostname and the UUIDs are strfmt's own patterns.
import type Ajv from 'ajv/dist/2020';
import { isCIDR, isIP } from './cel-net';
import { isURL } from './cel-url';
import { SUPPORTED_FORMATS } from './k8s-to-json-schema';
import { compileRe2 } from './re2';

// Compiled on first use: most renders check two or three formats, and compiling all of them
// (hostname's Unicode classes above all) was a measurable part of a one-shot render.
const re = (pattern: string) => {
  let compiled: ReturnType<typeof compileRe2> | undefined;
  return (s: string) => (compiled ??= compileRe2(pattern)).test(s);
};

// kube-openapi pkg/validation/strfmt/default.go HostnamePattern, UUID*Pattern.
const HOSTNAME = re('^([a-zA-Z0-9\\p{S}\\p{L}]((-?[a-zA-Z0-9\\p{S}\\p{L}]{0,62})?)|([a-zA-Z0-9\\p{S}\\p{L}](([a-zA-Z0-9-\\p{S}\\p{L}]{0,61}[a-zA-Z0-9\\p{S}\\p{L}])?)(\\.)){1,}([a-zA-Z\\p{L}]){2,63})$');
const utf8Length = (s: string) => Buffer.byteLength(s, 'utf8');

/** strfmt IsHostname: the pattern, at most 255 bytes, no label over 63 bytes. */
function isHostname(s: string): boolean {
  return HOSTNAME(s) && utf8Length(s) <= 255 && s.split('.').every((label) => utf8Length(label) <= 63);
}

const DATE = re('^\\d{4}-\\d{2}-\\d{2}$');

const STRING_FORMATS: Record<string, (s: string) => boolean> = {
  byte: re('^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$'),
  password: () => true,
  date: (s) => DATE(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)),
  // strfmt accepts RFC 3339 plus a few shortened layouts (no seconds, no zone).
  'date-time': re('^\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?([Zz]|[+-]\\d{2}:?\\d{2})?$'),
  // Go time.ParseDuration units plus strfmt's d/w.
  duration: re('^[-+]?(0|((\\d+(\\.\\d*)?|\\.\\d+)\\s*(ns|us|µs|ms|s|m|h|d|w))+)$'),
  uri: isURL,
  email: ((plain, named) => (s: string) => plain(s) || named(s))(re('^[^\\s@<>]+@[^\\s@<>]+$'), re('^[^<>]*<[^\\s@<>]+@[^\\s@<>]+>$')),
  hostname: isHostname,
  ipv4: (s) => s.includes('.') && !s.includes(':') && isIP(s),
  ipv6: (s) => s.includes(':') && isIP(s),
  cidr: isCIDR,
  mac: re('^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$|^([0-9A-Fa-f]{2}[:-]){7}[0-9A-Fa-f]{2}$|^([0-9A-Fa-f]{4}\\.){2}[0-9A-Fa-f]{4}$'),
  uuid: re('(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$'),
  uuid3: re('(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$'),
  uuid4: re('(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$'),
  uuid5: re('(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$'),
  bsonobjectid: re('(?i)^[0-9a-f]{24}$'),
};

const NUMBER_FORMATS: Record<string, (n: number) => boolean> = {
  int32: (n) => Number.isInteger(n) && n >= -2147483648 && n <= 2147483647,
  int64: (n) => Number.isInteger(n),
  float: () => true,
  double: () => true,
};

export interface FormatDefinition {
  type: 'string' | 'number';
  validate: ((s: string) => boolean) | ((n: number) => boolean);
}

let definitions: Record<string, FormatDefinition> | undefined;

/** The format definitions by name (one object per process). */
export function kubernetesFormatDefinitions(): Record<string, FormatDefinition> {
  if (definitions) return definitions;
  const out: Record<string, FormatDefinition> = {};
  for (const name of SUPPORTED_FORMATS) {
    if (name === 'datetime') continue; // rewritten to date-time by the transform
    const str = STRING_FORMATS[name];
    const num = NUMBER_FORMATS[name];
    if (str) out[name] = { type: 'string', validate: str };
    else if (num) out[name] = { type: 'number', validate: num };
    else throw new Error(`format ${name} has no validator`);
  }
  return (definitions = out);
}

export function addKubernetesFormats(ajv: Ajv): void {
  for (const [name, def] of Object.entries(kubernetesFormatDefinitions())) ajv.addFormat(name, def as Parameters<Ajv['addFormat']>[1]);
}
