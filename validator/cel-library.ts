// The CEL environment of the Kubernetes API server, as far as CRD validation rules need it:
// cel-js built-ins plus the libraries it lacks (cel-go ext.Strings v2 gaps, ext.Sets, and the
// k8s.io/apiserver/pkg/cel/library lists, regex, URL, IP and CIDR libraries); `matches` and the
// regex library run on Go's regexp (cel-regex.ts), not cel-js's JS RegExp.
import { Environment } from '@marcbachmann/cel-js';
import { CIDR, IPAddr, isCanonicalIP, isCIDR, isIP, parseCIDR, parseIP } from './cel-net';
import { registerRegexLibrary } from './cel-regex';
import { isURL, ParsedURL, parseURL } from './cel-url';

// Receivers for namespaced functions (`ip.isCanonical(s)`, `strings.quote(s)`, `sets.contains(a, b)`):
// cel-js resolves `x.f()` as a method on the value of `x`, so each namespace is a typed constant.
class IPNamespace {}
class StringsNamespace {}
class SetsNamespace {}

let shared: Environment | undefined;

/** One environment for all rules; cloning is unnecessary because rules only bind `self`/`oldSelf`. */
export function kubernetesCelEnvironment(): Environment {
  shared ??= build();
  return shared;
}

function build(): Environment {
  const env = new Environment({ enableOptionalTypes: true, homogeneousAggregateLiterals: true });
  env.registerVariable('self', 'dyn');
  env.registerVariable('oldSelf', 'dyn');
  registerStrings(env);
  registerLists(env);
  registerSets(env);
  registerRegexLibrary(env);
  registerURLs(env);
  registerNet(env);
  return env;
}

function fail(message: string): never {
  throw new Error(message);
}

function codePoints(s: string): string[] {
  return Array.from(s);
}

function registerStrings(env: Environment): void {
  env.registerFunction('string.charAt(int): string', (s: string, i: bigint) => {
    const cps = codePoints(s);
    if (i < 0n || i > BigInt(cps.length)) fail(`index out of range: ${i}`);
    return cps[Number(i)] ?? '';
  });
  const replace = (s: string, from: string, to: string, n: bigint) => {
    if (n === 0n) return s;
    const limit = n < 0n ? Infinity : Number(n);
    if (from === '') {
      // Go: an empty pattern matches before every code point and at the end.
      const cps = codePoints(s);
      let out = '';
      let done = 0;
      for (let i = 0; i <= cps.length; i++) {
        if (done < limit) {
          out += to;
          done++;
        }
        out += cps[i] ?? '';
      }
      return out;
    }
    let out = '';
    let pos = 0;
    for (let done = 0; done < limit; done++) {
      const at = s.indexOf(from, pos);
      if (at < 0) break;
      out += s.slice(pos, at) + to;
      pos = at + from.length;
    }
    return out + s.slice(pos);
  };
  env.registerFunction('string.replace(string, string): string', (s: string, a: string, b: string) => replace(s, a, b, -1n));
  env.registerFunction('string.replace(string, string, int): string', replace);
  env.registerFunction('string.format(list): string', (s: string, args: unknown[]) => formatString(s, args));
  env.registerType('kubernetes.StringsNamespace', StringsNamespace);
  env.registerConstant('strings', 'kubernetes.StringsNamespace', new StringsNamespace());
  env.registerFunction('kubernetes.StringsNamespace.quote(string): string', (_ns: unknown, s: string) => quote(s));
}

function quote(s: string): string {
  const esc: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '\\': '\\\\', '"': '\\"' };
  return `"${Array.from(s, (c) => esc[c] ?? c).join('')}"`;
}

/** cel-go ext.Strings `format`: %s %d %f %e %b %o %x %X %% with optional precision (%.2f). */
export function formatString(fmt: string, args: unknown[]): string {
  let argIndex = 0;
  return fmt.replace(/%(?:\.(\d+))?([sdfeboxX%])/g, (_m, precision: string | undefined, verb: string) => {
    if (verb === '%') return '%';
    if (argIndex >= args.length) fail(`index ${argIndex} out of range`);
    const arg = args[argIndex++];
    const digits = precision === undefined ? 6 : Number(precision);
    switch (verb) {
      case 's':
        return celToString(arg);
      case 'd':
        if (typeof arg === 'bigint') return arg.toString();
        if (typeof arg === 'number' && Number.isFinite(arg)) return fail('decimal clause can only be used on integers, was given double');
        return fail(`decimal clause can only be used on integers, was given ${typeof arg}`);
      case 'f':
        return formatFloat(toNumber(arg, 'fixed-point'), (n) => n.toFixed(digits));
      case 'e':
        return formatFloat(toNumber(arg, 'scientific'), (n) => n.toExponential(digits).replace(/e([+-])(\d)$/, 'e$10$2'));
      case 'b':
        return toBigInt(arg, 'binary').toString(2);
      case 'o':
        return toBigInt(arg, 'octal').toString(8);
      default: {
        const hex = typeof arg === 'string' ? Array.from(new TextEncoder().encode(arg), (b) => b.toString(16).padStart(2, '0')).join('') : toBigInt(arg, 'hex').toString(16);
        return verb === 'X' ? hex.toUpperCase() : hex;
      }
    }
  });
}

function formatFloat(n: number, f: (n: number) => string): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  return f(n);
}

function toNumber(v: unknown, clause: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return fail(`${clause} clause can only be used on numbers, was given ${typeof v}`);
}

function toBigInt(v: unknown, clause: string): bigint {
  if (typeof v === 'bigint') return v;
  return fail(`${clause} clause can only be used on integers, was given ${typeof v}`);
}

function celToString(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map(celToString).join(', ')}]`;
  if (v instanceof Map) return `{${[...v].map(([k, x]) => `${celToString(k)}: ${celToString(x)}`).join(', ')}}`;
  if (v instanceof Date) return v.toISOString().replace('.000Z', 'Z');
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  if (typeof v === 'object') return `{${Object.entries(v as object).map(([k, x]) => `${k}: ${celToString(x)}`).join(', ')}}`;
  return String(v);
}

/** CEL ordering for comparable scalars (int, uint, double, bool, string, bytes, timestamp, duration). */
function compare(a: unknown, b: unknown): number {
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number')) {
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
    return a.length - b.length;
  }
  return fail(`no such overload: values of type ${typeName(a)} and ${typeName(b)} are not comparable`);
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'list';
  return typeof v === 'object' ? ((v as object).constructor?.name ?? 'object') : typeof v;
}

/** CEL equality for list functions (numbers compare across int/double). */
function celEquals(a: unknown, b: unknown): boolean {
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number')) return a == b;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => celEquals(x, b[i]));
  if (a instanceof IPAddr && b instanceof IPAddr) return a.equals(b);
  if (a instanceof CIDR && b instanceof CIDR) return a.equals(b);
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (a && b && typeof a === 'object' && typeof b === 'object' && !(a instanceof Map) && !(b instanceof Map)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => celEquals((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

function registerLists(env: Environment): void {
  env.registerFunction('list.isSorted(): bool', (l: unknown[]) => l.every((x, i) => i === 0 || compare(l[i - 1], x) <= 0));
  env.registerFunction('list.sum(): dyn', (l: unknown[]) => {
    if (l.length === 0) return 0n;
    if (l.every((x) => typeof x === 'bigint')) return (l as bigint[]).reduce((a, b) => a + b, 0n);
    if (l.every((x) => typeof x === 'number')) return (l as number[]).reduce((a, b) => a + b, 0);
    return fail('sum() requires a list of int, uint or double values of one type');
  });
  const extreme = (name: string, sign: number) => (l: unknown[]) => {
    if (l.length === 0) fail(`${name} called on empty list`);
    return l.reduce((best, x) => (compare(x, best) * sign > 0 ? x : best));
  };
  env.registerFunction('list.min(): dyn', extreme('min', -1));
  env.registerFunction('list.max(): dyn', extreme('max', 1));
  env.registerFunction('list.indexOf(dyn): int', (l: unknown[], x: unknown) => BigInt(l.findIndex((y) => celEquals(y, x))));
  env.registerFunction('list.lastIndexOf(dyn): int', (l: unknown[], x: unknown) => {
    for (let i = l.length - 1; i >= 0; i--) if (celEquals(l[i], x)) return BigInt(i);
    return -1n;
  });
}

function registerSets(env: Environment): void {
  const has = (l: unknown[], x: unknown) => l.some((y) => celEquals(y, x));
  env.registerType('kubernetes.SetsNamespace', SetsNamespace);
  env.registerConstant('sets', 'kubernetes.SetsNamespace', new SetsNamespace());
  env.registerFunction('kubernetes.SetsNamespace.contains(list, list): bool', (_n: unknown, a: unknown[], b: unknown[]) => b.every((x) => has(a, x)));
  env.registerFunction('kubernetes.SetsNamespace.equivalent(list, list): bool', (_n: unknown, a: unknown[], b: unknown[]) => b.every((x) => has(a, x)) && a.every((x) => has(b, x)));
  env.registerFunction('kubernetes.SetsNamespace.intersects(list, list): bool', (_n: unknown, a: unknown[], b: unknown[]) => b.some((x) => has(a, x)));
}

function registerURLs(env: Environment): void {
  env.registerType('kubernetes.URL', ParsedURL);
  env.registerFunction('url(string): kubernetes.URL', (s: string) => {
    try {
      return parseURL(s);
    } catch (e) {
      return fail(`URL parse error during conversion from string: ${(e as Error).message}`);
    }
  });
  env.registerFunction('isURL(string): bool', isURL);
  env.registerFunction('kubernetes.URL.getScheme(): string', (u: ParsedURL) => u.scheme);
  env.registerFunction('kubernetes.URL.getHost(): string', (u: ParsedURL) => u.host);
  env.registerFunction('kubernetes.URL.getHostname(): string', (u: ParsedURL) => u.hostname());
  env.registerFunction('kubernetes.URL.getPort(): string', (u: ParsedURL) => u.port());
  env.registerFunction('kubernetes.URL.getEscapedPath(): string', (u: ParsedURL) => u.escapedPath());
  env.registerFunction('kubernetes.URL.getQuery(): map<string, list<string>>', (u: ParsedURL) => u.query());
}

function registerNet(env: Environment): void {
  env.registerType('net.IP', IPAddr);
  env.registerType('net.CIDR', CIDR);
  env.registerType('kubernetes.IPNamespace', IPNamespace);
  env.registerConstant('ip', 'kubernetes.IPNamespace', new IPNamespace());
  const toIP = (s: string) => {
    try {
      return parseIP(s);
    } catch (e) {
      return fail((e as Error).message);
    }
  };
  const toCIDR = (s: string) => {
    try {
      return parseCIDR(s);
    } catch (e) {
      return fail(`network address parse error during conversion from string: ${(e as Error).message}`);
    }
  };
  env.registerFunction('ip(string): net.IP', toIP);
  env.registerFunction('isIP(string): bool', isIP);
  env.registerFunction('kubernetes.IPNamespace.isCanonical(string): bool', (_ns: unknown, s: string) => {
    try {
      return isCanonicalIP(s);
    } catch (e) {
      return fail((e as Error).message);
    }
  });
  env.registerFunction('string(net.IP): string', (ip: IPAddr) => ip.toString());
  env.registerFunction('net.IP.family(): int', (ip: IPAddr) => BigInt(ip.family));
  env.registerFunction('net.IP.isUnspecified(): bool', (ip: IPAddr) => ip.isUnspecified());
  env.registerFunction('net.IP.isLoopback(): bool', (ip: IPAddr) => ip.isLoopback());
  env.registerFunction('net.IP.isLinkLocalMulticast(): bool', (ip: IPAddr) => ip.isLinkLocalMulticast());
  env.registerFunction('net.IP.isLinkLocalUnicast(): bool', (ip: IPAddr) => ip.isLinkLocalUnicast());
  env.registerFunction('net.IP.isGlobalUnicast(): bool', (ip: IPAddr) => ip.isGlobalUnicast());
  env.registerOperator('net.IP == net.IP', (a: IPAddr, b: IPAddr) => a.equals(b));

  env.registerFunction('cidr(string): net.CIDR', toCIDR);
  env.registerFunction('isCIDR(string): bool', isCIDR);
  env.registerFunction('string(net.CIDR): string', (c: CIDR) => c.toString());
  env.registerFunction('net.CIDR.containsIP(string): bool', (c: CIDR, s: string) => c.containsIP(toIP(s)));
  env.registerFunction('net.CIDR.containsIP(net.IP): bool', (c: CIDR, ip: IPAddr) => c.containsIP(ip));
  env.registerFunction('net.CIDR.containsCIDR(string): bool', (c: CIDR, s: string) => c.containsCIDR(toCIDR(s)));
  env.registerFunction('net.CIDR.containsCIDR(net.CIDR): bool', (c: CIDR, o: CIDR) => c.containsCIDR(o));
  env.registerFunction('net.CIDR.ip(): net.IP', (c: CIDR) => c.addr);
  env.registerFunction('net.CIDR.masked(): net.CIDR', (c: CIDR) => c.masked());
  env.registerFunction('net.CIDR.prefixLength(): int', (c: CIDR) => BigInt(c.prefixLength));
  env.registerOperator('net.CIDR == net.CIDR', (a: CIDR, b: CIDR) => a.equals(b));
}
