import { kubernetesCelEnvironment } from '../../validator/cel-library';
import { parseCIDR, parseIP } from '../../validator/cel-net';

const env = kubernetesCelEnvironment();
const run = (expr: string, self?: unknown): unknown => env.parse(expr)({ self });
const error = (expr: string, self?: unknown): string => {
  try {
    run(expr, self);
  } catch (e) {
    return (e as Error).message.split('\n')[0];
  }
  throw new Error(`${expr} did not fail`);
};

describe('Kubernetes CEL IP library', () => {
  it.each([
    ['isIP("127.0.0.1")', true],
    ['isIP("::1")', true],
    ['isIP("127.0.0.256")', false],
    ['isIP(":::1")', false],
    ['isIP("010.0.0.1")', false], // leading zeros
    ['isIP("1.2.3")', false],
    ['isIP("::ffff:1.2.3.4")', false], // IPv4-mapped IPv6
    ['isIP("fe80::1%eth0")', false], // zone
    ['isIP("64:ff9b::1.2.3.4")', true], // embedded IPv4, not mapped
    ['ip("127.0.0.1").family()', 4n],
    ['ip("::1").family() == 6', true],
    ['ip.isCanonical("127.0.0.1")', true],
    ['ip.isCanonical("2001:db8::abcd")', true],
    ['ip.isCanonical("2001:DB8::ABCD")', false],
    ['ip.isCanonical("2001:db8::0:0:0:abcd")', false],
    ['ip("0.0.0.0").isUnspecified() && ip("::").isUnspecified()', true],
    ['ip("127.0.0.1").isLoopback() && ip("::1").isLoopback()', true],
    ['ip("192.168.0.1").isLoopback()', false],
    ['ip("224.0.0.1").isLinkLocalMulticast()', true],
    ['ip("224.0.1.1").isLinkLocalMulticast()', false],
    ['ip("ff02::1").isLinkLocalMulticast()', true],
    ['ip("169.254.169.254").isLinkLocalUnicast()', true],
    ['ip("fe80::1").isLinkLocalUnicast()', true],
    ['ip("fd80::1").isLinkLocalUnicast()', false],
    ['ip("10.0.0.1").isGlobalUnicast()', true], // private ranges count as global unicast (Go)
    ['ip("255.255.255.255").isGlobalUnicast()', false],
    ['ip("ff00::1").isGlobalUnicast()', false],
    ['ip("10.0.0.1") == ip("10.0.0.1")', true],
    ['ip("10.0.0.1") != ip("10.0.0.2")', true],
    ['string(ip("2001:0db8:0000:0000:0001:0000:0000:0001"))', '2001:db8::1:0:0:1'],
  ])('%s == %p', (expr, want) => {
    expect(run(expr)).toEqual(want);
  });

  it('fails like the API server on unparsable input', () => {
    expect(error('ip("1.2.3.256")')).toMatch(/IPv4 field has value >255/);
    expect(error('ip("::ffff:1.2.3.4")')).toMatch(/IPv4-mapped IPv6 address "::ffff:1.2.3.4" is not allowed/);
  });
});

describe('Kubernetes CEL CIDR library', () => {
  it.each([
    ['isCIDR("192.168.0.0/16")', true],
    ['isCIDR("::1/128")', true],
    ['isCIDR("192.168.0.0/33")', false],
    ['isCIDR("::1/129")', false],
    ['isCIDR("10.0.0.0")', false],
    ['isCIDR("10.0.0.0/08")', false],
    ['isCIDR("192.168.0.1/24")', true], // host bits are allowed; masked() canonicalises
    ['cidr("192.168.0.0/24").containsIP(ip("192.168.0.1"))', true],
    ['cidr("192.168.0.0/24").containsIP("192.168.1.1")', false],
    ['cidr("2001:db8::/32").containsIP("2001:db8::1")', true],
    ['cidr("2001:db8::/32").containsIP("2001:dc8::1")', false],
    ['cidr("10.0.0.0/8").containsIP("::1")', false],
    ['cidr("192.168.0.0/24").containsCIDR(cidr("192.168.0.0/25"))', true],
    ['cidr("192.168.0.0/24").containsCIDR("192.168.0.0/23")', false],
    ['cidr("10.0.0.0/16").containsCIDR("10.0.1.0/24")', true], // K8s >= 1.33 semantics
    ['cidr("10.0.0.0/16").containsCIDR("10.0.255.0/24")', true],
    ['cidr("10.0.0.0/16").containsCIDR("10.1.0.0/24")', false],
    ['cidr("10.0.0.0/16").containsCIDR("10.0.0.0/16")', true],
    ['cidr("10.0.0.0/16").containsCIDR("2001:db8::/64")', false],
    ['cidr("2001:db8::/32").containsCIDR("2001:db8:1::/48")', true],
    ['cidr("192.168.0.1/24").ip() == ip("192.168.0.1")', true],
    ['cidr("192.168.0.1/24").ip().family()', 4n],
    ['cidr("192.168.0.1/24").masked() == cidr("192.168.0.0/24")', true],
    ['cidr("192.168.0.0/24") == cidr("192.168.0.0/24").masked()', true],
    ['cidr("192.168.0.1/24") == cidr("192.168.0.1/24").masked()', false],
    ['cidr("192.168.0.0/16").prefixLength()', 16n],
    ['cidr("::1/128").prefixLength()', 128n],
    ['string(cidr("2001:db8:1::/32").masked())', '2001:db8::/32'],
    ['string(cidr("192.168.0.0/24"))', '192.168.0.0/24'],
  ])('%s == %p', (expr, want) => {
    expect(run(expr)).toEqual(want);
  });

  it('rejects bad CIDRs with the netip reason', () => {
    expect(error('cidr("192.168.0.0/")')).toBe('network address parse error during conversion from string: netip.ParsePrefix("192.168.0.0/"): bad bits after slash: ""');
    expect(error('cidr("10.0.0.0/16").containsCIDR("nope")')).toMatch(/^network address parse error/);
  });

  describe('overlap checks as a network XRD writes them', () => {
    const inVpc = 'self.subnets.all(s, cidr(self.vpc).containsCIDR(s))';
    const disjoint = 'self.subnets.all(a, self.subnets.filter(b, cidr(a).containsCIDR(b) || cidr(b).containsCIDR(a)).size() == 1)';
    const net = (vpc: string, subnets: string[]) => ({ vpc, subnets });

    it.each([
      [net('10.0.0.0/16', ['10.0.0.0/24', '10.0.1.0/24', '10.0.128.0/20']), true, true],
      [net('10.0.0.0/16', ['10.0.0.0/24', '10.1.0.0/24']), false, true],
      [net('10.0.0.0/16', ['10.0.0.0/23', '10.0.1.0/24']), true, false],
      [net('10.0.0.0/16', ['10.0.0.0/24', '10.0.0.0/24']), true, false],
      [net('10.0.0.0/16', ['10.0.0.0/16']), true, true],
      [net('10.0.0.0/16', ['9.255.255.0/24']), false, true],
    ])('%j: inside=%p disjoint=%p', (self, inside, apart) => {
      expect(run(inVpc, self)).toBe(inside);
      expect(run(disjoint, self)).toBe(apart);
    });
  });

  it('parses and renders addresses like Go netip', () => {
    expect(parseIP('2001:db8:0:0:1::1').toString()).toBe('2001:db8::1:0:0:1');
    expect(parseIP('::').toString()).toBe('::');
    expect(parseIP('1:0:0:2:0:0:0:3').toString()).toBe('1:0:0:2::3');
    expect(() => parseIP('1:2:3:4:5:6:7:8::')).toThrow(/too many fields|at least one field/);
    expect(() => parseIP('1::2::3')).toThrow(/multiple ::/);
    expect(parseCIDR('10.1.2.3/8').masked().toString()).toBe('10.0.0.0/8');
  });
});

describe('Kubernetes CEL strings, lists, regex, URL and sets libraries', () => {
  it.each([
    ['"abc".charAt(1)', 'b'],
    ['"abc".charAt(3)', ''],
    ['"a-b-c".replace("-", "+")', 'a+b+c'],
    ['"a-b-c".replace("-", "+", 1)', 'a+b-c'],
    ['"%s-%d".format(["x", 3])'.replace('["x", 3]', '[dyn("x"), dyn(3)]'), 'x-3'],
    ['"%.2f%%".format([12.5])', '12.50%'],
    ['strings.quote("a\\"b")', '"a\\"b"'],
    ['"Hello".lowerAscii() + "x".upperAscii()', 'helloX'],
    ['"a,b,c".split(",").join("+")', 'a+b+c'],
    ['" x ".trim()', 'x'],
    ['"hello".indexOf("l") == 2 && "hello".lastIndexOf("l") == 3', true],
    ['"hello".substring(1, 3)', 'el'],
    ['[1, 2, 3].isSorted() && !["b", "a"].isSorted()', true],
    ['[1, 2, 3].sum()', 6n],
    ['[1.5, 2.0].sum()', 3.5],
    ['[3, 1, 2].min() == 1 && [3, 1, 2].max() == 3', true],
    ['[1, 2, 2, 3].indexOf(2) == 1 && [1, 2, 2, 3].lastIndexOf(2) == 2 && [1].indexOf(9) == -1', true],
    ['"abc 123".find("[0-9]+")', '123'],
    ['"abc".find("[0-9]+")', ''],
    ['"123 abc 456".findAll("[0-9]+")', ['123', '456']],
    ['"123 abc 456".findAll("[0-9]+", 1)', ['123']],
    ['isURL("https://user:pass@example.com:80/path?query=val#fragment")', true],
    ['isURL("/absolute-path")', true],
    ['isURL("https://a:b:c/")', false],
    ['isURL("../relative-path")', false],
    ['url("https://example.com:80/").getHost()', 'example.com:80'],
    ['url("https://[::1]:80/").getHostname()', '::1'],
    ['url("https://example.com:80/").getPort()', '80'],
    ['url("https://example.com/").getScheme()', 'https'],
    ['url("https://example.com/path with spaces/").getEscapedPath()', '/path%20with%20spaces/'],
    ['url("https://example.com/p?k1=a&k2=b&k2=c").getQuery()["k2"]', ['b', 'c']],
    ['sets.contains([1, 2, 3], [3, 1]) && sets.equivalent([1, 2], [2, 1, 1]) && !sets.intersects([1], [2])', true],
  ])('%s == %p', (expr, want) => {
    expect(run(expr)).toEqual(want);
  });

  it('keeps Kubernetes errors for empty-list min and bad regexes', () => {
    expect(error('[].min()')).toMatch(/min called on empty list/);
    expect(error('"a".find("(")')).toMatch(/Illegal regex/);
  });
});
