// URL parsing with the observable semantics of Go's net/url as used by the Kubernetes CEL URL
// library: isURL()/url() accept what url.ParseRequestURI accepts (absolute URI or absolute path);
// the getters read the result of url.Parse.

export class ParsedURL {
  constructor(
    readonly scheme: string,
    readonly host: string,
    readonly rawPath: string,
    readonly rawQuery: string,
  ) {}

  hostname(): string {
    const h = this.host;
    if (h.startsWith('[')) {
      const end = h.indexOf(']');
      return end < 0 ? h.slice(1) : h.slice(1, end);
    }
    const colon = h.lastIndexOf(':');
    return colon < 0 ? h : h.slice(0, colon);
  }

  port(): string {
    const h = this.host;
    const colon = h.lastIndexOf(':');
    if (colon < 0 || (h.startsWith('[') && colon < h.indexOf(']'))) return '';
    return /^[0-9]*$/.test(h.slice(colon + 1)) ? h.slice(colon + 1) : '';
  }

  /** Path with every character outside Go's path-safe set percent-encoded. */
  escapedPath(): string {
    return decodePercent(this.rawPath).replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/]/gu, (c) =>
      Array.from(new TextEncoder().encode(c), (b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
    );
  }

  /** Go url.ParseQuery: '&'-separated, '+' is a space; pairs with ';' or bad escapes are dropped. */
  query(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const pair of this.rawQuery.split('&')) {
      if (pair === '' || pair.includes(';')) continue;
      const eq = pair.indexOf('=');
      const [k, v] = eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
      let key: string;
      let value: string;
      try {
        key = decodePercent(k.replace(/\+/g, ' '));
        value = decodePercent(v.replace(/\+/g, ' '));
      } catch {
        continue;
      }
      out.set(key, [...(out.get(key) ?? []), value]);
    }
    return out;
  }
}

function decodePercent(s: string): string {
  if (/%(?![0-9a-fA-F]{2})/.test(s)) throw new Error(`invalid URL escape in "${s}"`);
  return decodeURIComponent(s);
}

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const USERINFO_OK = /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/;
// Characters Go rejects in a host (outside brackets) after unescaping checks.
const HOST_BAD = /[\s{}|\\^`]/;

/** url.ParseRequestURI, then url.Parse (fragment split off). Throws with Go-like reasons. */
export function parseURL(raw: string): ParsedURL {
  if (/[\x00-\x1f\x7f]/.test(raw)) throw new Error('net/url: invalid control character in URL');
  if (raw === '') throw new Error('empty url');
  if (raw === '*') return new ParsedURL('', '', '*', '');
  let rest = raw;
  let scheme = '';
  const m = SCHEME.exec(rest);
  if (m) {
    scheme = m[0].slice(0, -1).toLowerCase();
    rest = rest.slice(m[0].length);
  } else if (rest.startsWith(':')) {
    throw new Error('missing protocol scheme');
  }
  // Getters see url.Parse, which splits off the fragment; ParseRequestURI keeps it in the path.
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  let rawQuery = '';
  const q = rest.indexOf('?');
  if (q >= 0) {
    rawQuery = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  if (!rest.startsWith('/')) {
    if (scheme !== '') return new ParsedURL(scheme, '', '', rawQuery); // opaque, e.g. mailto:x
    throw new Error('invalid URI for request');
  }
  let host = '';
  if (scheme !== '' && rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    const authority = slash < 0 ? rest.slice(2) : rest.slice(2, slash);
    rest = slash < 0 ? '' : rest.slice(slash);
    const at = authority.lastIndexOf('@');
    if (at >= 0 && !USERINFO_OK.test(authority.slice(0, at))) throw new Error('net/url: invalid userinfo');
    host = parseHost(at >= 0 ? authority.slice(at + 1) : authority);
  }
  decodePercent(rest);
  return new ParsedURL(scheme, host, rest, rawQuery);
}

function parseHost(host: string): string {
  if (host.startsWith('[')) {
    const end = host.lastIndexOf(']');
    if (end < 0) throw new Error('missing \']\' in host');
    const port = host.slice(end + 1);
    if (port !== '' && !/^:[0-9]*$/.test(port)) throw new Error(`invalid port "${port}" after host`);
    return host;
  }
  const colon = host.lastIndexOf(':');
  if (colon >= 0 && !/^:[0-9]*$/.test(host.slice(colon))) throw new Error(`invalid port "${host.slice(colon)}" after host`);
  if (HOST_BAD.test(host)) throw new Error(`invalid character in host name`);
  decodePercent(host);
  return host;
}

export function isURL(raw: string): boolean {
  try {
    parseURL(raw);
    return true;
  } catch {
    return false;
  }
}
