// String/number formats the API server validates for CRDs (kube-openapi strfmt), for Ajv.
import type Ajv from 'ajv/dist/2020';
import { isCIDR, isIP } from './cel-net';
import { isURL } from './cel-url';
import { SUPPORTED_FORMATS } from './k8s-to-json-schema';

const UUID = (version: string) => new RegExp(`^[0-9a-f]{8}-?[0-9a-f]{4}-?${version}[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$`, 'i');
const LABEL = '[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?';

const STRING_FORMATS: Record<string, (s: string) => boolean> = {
  byte: (s) => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s),
  password: () => true,
  date: (s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)),
  // strfmt accepts RFC 3339 plus a few shortened layouts (no seconds, no zone).
  'date-time': (s) => /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$/.test(s),
  // Go time.ParseDuration units plus strfmt's d/w.
  duration: (s) => /^[-+]?(0|((\d+(\.\d*)?|\.\d+)\s*(ns|us|µs|ms|s|m|h|d|w))+)$/.test(s),
  uri: isURL,
  email: (s) => /^[^\s@<>]+@[^\s@<>]+$/.test(s) || /^[^<>]*<[^\s@<>]+@[^\s@<>]+>$/.test(s),
  hostname: (s) => new RegExp(`^(?=.{1,255}$)${LABEL}(\\.${LABEL})*\\.?$`).test(s),
  ipv4: (s) => s.includes('.') && !s.includes(':') && isIP(s),
  ipv6: (s) => s.includes(':') && isIP(s),
  cidr: isCIDR,
  mac: (s) => /^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$|^([0-9A-Fa-f]{2}[:-]){7}[0-9A-Fa-f]{2}$|^([0-9A-Fa-f]{4}\.){2}[0-9A-Fa-f]{4}$/.test(s),
  uuid: (s) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(s),
  uuid3: (s) => UUID('3').test(s),
  uuid4: (s) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i.test(s),
  uuid5: (s) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i.test(s),
  bsonobjectid: (s) => /^[0-9a-f]{24}$/i.test(s),
};

const NUMBER_FORMATS: Record<string, (n: number) => boolean> = {
  int32: (n) => Number.isInteger(n) && n >= -2147483648 && n <= 2147483647,
  int64: (n) => Number.isInteger(n),
  float: () => true,
  double: () => true,
};

export function addKubernetesFormats(ajv: Ajv): void {
  for (const name of SUPPORTED_FORMATS) {
    if (name === 'datetime') continue; // rewritten to date-time by the transform
    const str = STRING_FORMATS[name];
    const num = NUMBER_FORMATS[name];
    if (str) ajv.addFormat(name, { type: 'string', validate: str });
    else if (num) ajv.addFormat(name, { type: 'number', validate: num });
    else throw new Error(`format ${name} has no validator`);
  }
}
