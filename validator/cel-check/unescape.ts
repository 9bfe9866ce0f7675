// String and bytes literal decoding of cel-go parser/unescape.go. Strings come back as JS strings
// (their CEL size is the code-point count), bytes as the exact byte sequence.

export class UnescapeError extends Error {}

const utf8 = new TextEncoder();

/** Decodes the token text of a STRING (or BYTES without its b prefix) literal. */
export function unescapeLiteral(token: string, isBytes: boolean): { text: string; bytes: Uint8Array } {
  let value = token.replace(/\r\n?/g, '\n');
  let raw = false;
  if (value[0] === 'r' || value[0] === 'R') {
    value = value.slice(1);
    raw = true;
  }
  const q = value[0];
  if (value.length < 2 || value[value.length - 1] !== q || (q !== '"' && q !== "'")) throw new UnescapeError('unable to unescape string');
  const triple = value.length >= 6 && value.startsWith(q.repeat(3));
  const body = triple ? value.slice(3, -3) : value.slice(1, -1);
  if (raw || !body.includes('\\')) return { text: body, bytes: utf8.encode(body) };

  const bytes: number[] = [];
  const cps = Array.from(body);
  const pushRune = (r: number): void => {
    for (const b of utf8.encode(String.fromCodePoint(r))) bytes.push(b);
  };
  for (let i = 0; i < cps.length; ) {
    const c = cps[i];
    if (c !== '\\') {
      pushRune(c.codePointAt(0)!);
      i++;
      continue;
    }
    const e = cps[i + 1];
    if (e === undefined) throw new UnescapeError("unable to unescape string, found '\\' as last character");
    i += 2;
    const simple: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92, "'": 39, '"': 34, '`': 96, '?': 63 };
    if (simple[e] !== undefined) {
      bytes.push(simple[e]);
      continue;
    }
    if (e === 'x' || e === 'X' || e === 'u' || e === 'U') {
      if (isBytes && (e === 'u' || e === 'U')) throw new UnescapeError('unable to unescape string');
      const n = e === 'u' ? 4 : e === 'U' ? 8 : 2;
      const hex = cps.slice(i, i + n).join('');
      if (hex.length < n || !/^[0-9a-fA-F]+$/.test(hex)) throw new UnescapeError('unable to unescape string');
      const v = parseInt(hex, 16);
      i += n;
      if (!isBytes && v > 0x10ffff) throw new UnescapeError('unable to unescape string');
      // \x in a string is the code point U+00XX; in bytes it is the raw byte.
      if (isBytes && n === 2) bytes.push(v);
      else pushRune(v);
      continue;
    }
    if (e >= '0' && e <= '3') {
      const oct = cps.slice(i, i + 2);
      if (oct.length < 2 || !oct.every((d) => d >= '0' && d <= '7')) throw new UnescapeError('unable to unescape octal sequence in string');
      const v = (e.charCodeAt(0) - 48) * 64 + (oct[0].charCodeAt(0) - 48) * 8 + (oct[1].charCodeAt(0) - 48);
      i += 2;
      if (isBytes) bytes.push(v);
      else pushRune(v);
      continue;
    }
    throw new UnescapeError('unable to unescape string');
  }
  const arr = Uint8Array.from(bytes);
  return { text: new TextDecoder().decode(arr), bytes: arr };
}
