// Go's byte and rune handling where it differs from JavaScript's: string(bytes) with invalid UTF-8,
// strings.ToUpper/ToLower/ReplaceAll, base64.StdEncoding.DecodeString and hash/adler32.

/** Go's string(bytes) followed by JSON encoding: every invalid UTF-8 byte becomes U+FFFD. */
export function decodeGoUtf8(b: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < b.length) {
    const c0 = b[i];
    if (c0 < 0x80) {
      out += String.fromCharCode(c0);
      i++;
      continue;
    }
    let need = 0;
    let lo = 0x80;
    let hi = 0xbf;
    if (c0 >= 0xc2 && c0 <= 0xdf) need = 1;
    else if (c0 >= 0xe0 && c0 <= 0xef) {
      need = 2;
      if (c0 === 0xe0) lo = 0xa0;
      if (c0 === 0xed) hi = 0x9f;
    } else if (c0 >= 0xf0 && c0 <= 0xf4) {
      need = 3;
      if (c0 === 0xf0) lo = 0x90;
      if (c0 === 0xf4) hi = 0x8f;
    }
    let ok = need > 0 && i + need < b.length;
    for (let k = 1; ok && k <= need; k++) {
      const c = b[i + k];
      ok = k === 1 ? c >= lo && c <= hi : c >= 0x80 && c <= 0xbf;
    }
    if (!ok) {
      out += '\ufffd';
      i++;
      continue;
    }
    out += Buffer.from(b.subarray(i, i + need + 1)).toString('utf8');
    i += need + 1;
  }
  return out;
}

/** strings.ToUpper/ToLower use Unicode simple (one rune to one rune) case mappings. */
export function goCaseMap(s: string, upper: boolean): string {
  let out = '';
  for (const ch of s) {
    if (!upper && ch === '\u0130') {
      out += 'i';
      continue;
    }
    const mapped = upper ? ch.toUpperCase() : ch.toLowerCase();
    out += Array.from(mapped).length === 1 ? mapped : ch;
  }
  return out;
}

/** strings.ReplaceAll: an empty search string matches before every rune and at the end. */
export function goReplaceAll(s: string, search: string, replacement: string): string {
  if (search === '') return replacement + Array.from(s, (c) => c + replacement).join('');
  return s.split(search).join(replacement);
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** base64.StdEncoding.DecodeString: padding required, CR/LF ignored, Go's error offsets. */
export function decodeGoBase64(s: string): Uint8Array {
  const src = Buffer.from(s, 'utf8');
  const out: number[] = [];
  const corrupt = (n: number) => new Error(`illegal base64 data at input byte ${n}`);
  const isNewline = (k: number) => src[k] === 0x0a || src[k] === 0x0d;
  let si = 0;
  while (si < src.length) {
    const dbuf = [0, 0, 0, 0];
    let dlen = 4;
    let trailing: Error | undefined;
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return Uint8Array.from(out);
        throw corrupt(si - j);
      }
      const c = src[si++];
      const v = c < 0x80 ? BASE64.indexOf(String.fromCharCode(c)) : -1;
      if (v >= 0) {
        dbuf[j] = v;
        continue;
      }
      if (c === 0x0a || c === 0x0d) {
        j--;
        continue;
      }
      if (c !== 0x3d || j < 2) throw corrupt(si - 1);
      if (j === 2) {
        while (si < src.length && isNewline(si)) si++;
        if (si === src.length) throw corrupt(src.length);
        if (src[si] !== 0x3d) throw corrupt(si - 1);
        si++;
      }
      while (si < src.length && isNewline(si)) si++;
      if (si < src.length) trailing = corrupt(si);
      dlen = j;
      break;
    }
    const val = (dbuf[0] << 18) | (dbuf[1] << 12) | (dbuf[2] << 6) | dbuf[3];
    out.push(...[(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff].slice(0, dlen - 1));
    if (trailing) throw trailing;
  }
  return Uint8Array.from(out);
}

export function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const byte of bytes) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}
