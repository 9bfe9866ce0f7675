// IP addresses and CIDR prefixes with the semantics of Go's net/netip, which the Kubernetes CEL
// IP/CIDR libraries (k8s.io/apiserver/pkg/cel/library/ip.go, cidr.go) are built on.
// Addresses are held as BigInt (32 bits for IPv4, 128 for IPv6).

export class IPAddr {
  constructor(
    readonly value: bigint,
    readonly bits: 32 | 128,
  ) {}

  get family(): 4 | 6 {
    return this.bits === 32 ? 4 : 6;
  }

  equals(o: IPAddr): boolean {
    return this.bits === o.bits && this.value === o.value;
  }

  /** ::ffff:a.b.c.d */
  is4In6(): boolean {
    return this.bits === 128 && this.value >> 32n === 0xffffn;
  }

  /** Go's Addr.String(): dotted quad, or RFC 5952 for IPv6 (IPv4-mapped as ::ffff:a.b.c.d). */
  toString(): string {
    if (this.bits === 32) return v4String(this.value);
    if (this.is4In6()) return `::ffff:${v4String(this.value & 0xffffffffn)}`;
    const groups: number[] = [];
    for (let i = 7; i >= 0; i--) groups.push(Number((this.value >> BigInt(i * 16)) & 0xffffn));
    // Longest run (>= 2) of zero groups is shortened to "::", the first one on a tie.
    let bestStart = -1;
    let bestLen = 1;
    for (let i = 0; i < 8; ) {
      if (groups[i] !== 0) {
        i++;
        continue;
      }
      let j = i;
      while (j < 8 && groups[j] === 0) j++;
      if (j - i > bestLen) [bestStart, bestLen] = [i, j - i];
      i = j;
    }
    const hex = (g: number[]) => g.map((x) => x.toString(16)).join(':');
    if (bestStart < 0) return hex(groups);
    return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLen))}`;
  }

  private top16(): number {
    return Number(this.value >> 112n);
  }

  isUnspecified(): boolean {
    return this.value === 0n;
  }

  isLoopback(): boolean {
    return this.bits === 32 ? this.value >> 24n === 127n : this.value === 1n;
  }

  isMulticast(): boolean {
    return this.bits === 32 ? this.value >> 28n === 0xen : this.value >> 120n === 0xffn;
  }

  isLinkLocalMulticast(): boolean {
    return this.bits === 32 ? this.value >> 8n === 0xe00000n : (this.top16() & 0xff0f) === 0xff02;
  }

  isLinkLocalUnicast(): boolean {
    return this.bits === 32 ? this.value >> 16n === 0xa9fen : (this.top16() & 0xffc0) === 0xfe80;
  }

  /** Mirrors Go: private IPv4 and ULA IPv6 addresses still count as global unicast. */
  isGlobalUnicast(): boolean {
    const ip = this.is4In6() ? new IPAddr(this.value & 0xffffffffn, 32) : this;
    if (ip.bits === 32 && (ip.value === 0n || ip.value === 0xffffffffn)) return false;
    return !(ip.bits === 128 && ip.value === 0n) && !ip.isLoopback() && !ip.isMulticast() && !ip.isLinkLocalUnicast();
  }
}

export class CIDR {
  constructor(
    readonly addr: IPAddr,
    readonly prefixLength: number,
  ) {}

  equals(o: CIDR): boolean {
    return this.prefixLength === o.prefixLength && this.addr.equals(o.addr);
  }

  masked(): CIDR {
    return new CIDR(new IPAddr(maskValue(this.addr, this.prefixLength), this.addr.bits), this.prefixLength);
  }

  containsIP(ip: IPAddr): boolean {
    return ip.bits === this.addr.bits && maskValue(ip, this.prefixLength) === maskValue(this.addr, this.prefixLength);
  }

  /**
   * True when `other` lies inside this network. Kubernetes >= 1.33 semantics (PR #130450); older
   * API servers wrongly required other's address to equal this network address exactly.
   */
  containsCIDR(other: CIDR): boolean {
    return other.addr.bits === this.addr.bits && this.prefixLength <= other.prefixLength && this.containsIP(other.addr);
  }

  toString(): string {
    return `${this.addr.toString()}/${this.prefixLength}`;
  }
}

function maskValue(ip: IPAddr, prefixLength: number): bigint {
  const host = BigInt(ip.bits - prefixLength);
  return (ip.value >> host) << host;
}

function v4String(v: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 0xffn)).join('.');
}

/** Go netip.ParseAddr plus the K8s restrictions (no zones, no IPv4-mapped IPv6). Throws with a reason. */
export function parseIP(s: string): IPAddr {
  const addr = parseAddrGo(s);
  if (addr.is4In6()) throw new Error(`IPv4-mapped IPv6 address "${s}" is not allowed`);
  return addr;
}

/** Go netip.ParsePrefix plus the K8s restriction on IPv4-mapped IPv6. Host bits may be set. */
export function parseCIDR(s: string): CIDR {
  const slash = s.lastIndexOf('/');
  if (slash < 0) throw new Error(`netip.ParsePrefix("${s}"): no '/'`);
  const addrPart = s.slice(0, slash);
  const bitsPart = s.slice(slash + 1);
  if (addrPart.includes('%')) throw new Error(`netip.ParsePrefix("${s}"): IPv6 zones cannot be present in a prefix`);
  const addr = parseAddrGo(addrPart);
  // Go 1.22+: decimal digits only, no sign, no leading zero.
  if (!/^(0|[1-9][0-9]{0,2})$/.test(bitsPart)) throw new Error(`netip.ParsePrefix("${s}"): bad bits after slash: "${bitsPart}"`);
  const bits = Number(bitsPart);
  if (bits > addr.bits) throw new Error(`netip.ParsePrefix("${s}"): prefix length out of range`);
  if (addr.is4In6()) throw new Error(`IPv4-mapped IPv6 address "${s}" is not allowed`);
  return new CIDR(addr, bits);
}

export function isIP(s: string): boolean {
  return attempt(() => parseIP(s));
}

export function isCIDR(s: string): boolean {
  return attempt(() => parseCIDR(s));
}

/** ip.isCanonical(): the string is exactly Go's rendering of the parsed address. Throws if unparsable. */
export function isCanonicalIP(s: string): boolean {
  return parseIP(s).toString() === s;
}

function attempt(f: () => unknown): boolean {
  try {
    f();
    return true;
  } catch {
    return false;
  }
}

function parseAddrGo(s: string): IPAddr {
  for (const ch of s) {
    if (ch === '.') return new IPAddr(parseV4(s, s), 32);
    if (ch === ':') return parseV6(s);
    if (ch === '%') break;
  }
  throw new Error(`ParseAddr("${s}"): unable to parse IP`);
}

// Exactly four decimal octets, 0-255, no leading zeros.
function parseV4(s: string, whole: string): bigint {
  const parts = s.split('.');
  if (parts.length !== 4) throw new Error(`ParseAddr("${whole}"): IPv4 address too ${parts.length < 4 ? 'short' : 'long'}`);
  let v = 0n;
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p)) throw new Error(`ParseAddr("${whole}"): unexpected character or empty field`);
    if (p.length > 1 && p[0] === '0') throw new Error(`ParseAddr("${whole}"): IPv4 field has octet with leading zero`);
    const n = Number(p);
    if (n > 255) throw new Error(`ParseAddr("${whole}"): IPv4 field has value >255`);
    v = (v << 8n) | BigInt(n);
  }
  return v;
}

function parseV6(whole: string): IPAddr {
  let s = whole;
  const pct = s.indexOf('%');
  if (pct >= 0) {
    if (pct === s.length - 1) throw new Error(`ParseAddr("${whole}"): zone must be a non-empty string`);
    throw new Error(`IP address "${whole}" with zone value is not allowed`);
  }
  const groups: number[] = [];
  let ellipsis = -1;
  if (s.startsWith('::')) {
    ellipsis = 0;
    s = s.slice(2);
  } else if (s.startsWith(':')) {
    throw new Error(`ParseAddr("${whole}"): unexpected character, want colon`);
  }
  while (s.length > 0) {
    const m = /^[0-9a-fA-F]{1,4}/.exec(s);
    if (!m) throw new Error(`ParseAddr("${whole}"): each colon-separated field must have at least one digit`);
    const rest = s.slice(m[0].length);
    if (rest.startsWith('.')) {
      // Embedded IPv4 in the last 32 bits.
      if (ellipsis < 0 && groups.length !== 6) throw new Error(`ParseAddr("${whole}"): embedded IPv4 address must replace the final 2 fields of the address`);
      if (groups.length > 6) throw new Error(`ParseAddr("${whole}"): too many hex fields to fit an embedded IPv4 at the end of the address`);
      const v4 = parseV4(s, whole);
      groups.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      s = '';
      break;
    }
    if (/^[0-9a-fA-F]/.test(rest)) throw new Error(`ParseAddr("${whole}"): IPv6 field has value >=2^16`);
    groups.push(parseInt(m[0], 16));
    s = rest;
    if (s.length === 0) break;
    if (s[0] !== ':') throw new Error(`ParseAddr("${whole}"): unexpected character, want colon`);
    if (s.length === 1) throw new Error(`ParseAddr("${whole}"): colon must be followed by more characters`);
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) throw new Error(`ParseAddr("${whole}"): multiple :: in address`);
      ellipsis = groups.length;
      s = s.slice(1);
    }
    if (groups.length > 8) throw new Error(`ParseAddr("${whole}"): too many fields`);
  }
  if (groups.length > 8 || (ellipsis >= 0 && groups.length === 8)) throw new Error(`ParseAddr("${whole}"): too many fields`);
  if (ellipsis < 0 && groups.length !== 8) throw new Error(`ParseAddr("${whole}"): address string too short`);
  const full = ellipsis < 0 ? groups : [...groups.slice(0, ellipsis), ...new Array<number>(8 - groups.length).fill(0), ...groups.slice(ellipsis)];
  let v = 0n;
  for (const g of full) v = (v << 16n) | BigInt(g);
  return new IPAddr(v, 128);
}
