// encoding/json Unmarshal into map[string]any or []any: the scanner's syntax checks (checkValid) and
// the type errors, with Go's exact messages (JSON.parse accepts and words things differently).

import { goQuote } from './fmt';
import type { Json } from '../types';

function quoteJsonChar(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return "'\"'";
  const q = goQuote(String.fromCharCode(c));
  return `'${q.slice(1, -1)}'`;
}

/** A port of encoding/json's scanner checks (checkValid) with its error messages. */
function checkValidJson(text: string): void {
  const b = Buffer.from(text, 'utf8');
  let i = 0;
  const eof = (): never => {
    throw new Error('unexpected end of JSON input');
  };
  const bad = (ctx: string): never => {
    throw new Error(`invalid character ${quoteJsonChar(b[i])} ${ctx}`);
  };
  const need = () => {
    if (i >= b.length) eof();
  };
  const ws = () => {
    while (i < b.length && (b[i] === 0x20 || b[i] === 0x09 || b[i] === 0x0a || b[i] === 0x0d)) i++;
  };
  const isDigit = () => i < b.length && b[i] >= 0x30 && b[i] <= 0x39;
  const digits = () => {
    while (isDigit()) i++;
  };
  const literal = (word: string) => {
    for (let k = 1; k < word.length; k++) {
      i++;
      need();
      if (b[i] !== word.charCodeAt(k)) bad(`in literal ${word} (expecting ${quoteJsonChar(word.charCodeAt(k))})`);
    }
    i++;
  };
  const string = () => {
    i++;
    for (;;) {
      need();
      const c = b[i];
      if (c === 0x22) {
        i++;
        return;
      }
      if (c === 0x5c) {
        i++;
        need();
        if ('"\\/bfnrt'.includes(String.fromCharCode(b[i]))) i++;
        else if (b[i] === 0x75) {
          i++;
          for (let k = 0; k < 4; k++) {
            need();
            if (!/[0-9a-fA-F]/.test(String.fromCharCode(b[i]))) bad('in \\u hexadecimal character escape');
            i++;
          }
        } else bad('in string escape code');
        continue;
      }
      if (c < 0x20) bad('in string literal');
      i++;
    }
  };
  const number = () => {
    if (b[i] === 0x2d) {
      i++;
      need();
      if (!isDigit()) bad('in numeric literal');
    }
    if (b[i] === 0x30) i++;
    else digits();
    if (i < b.length && b[i] === 0x2e) {
      i++;
      need();
      if (!isDigit()) bad('after decimal point in numeric literal');
      digits();
    }
    if (i < b.length && (b[i] === 0x65 || b[i] === 0x45)) {
      i++;
      need();
      if (b[i] === 0x2b || b[i] === 0x2d) i++;
      need();
      if (!isDigit()) bad('in exponent of numeric literal');
      digits();
    }
  };
  const value = (): void => {
    ws();
    need();
    const c = b[i];
    if (c === 0x7b) return object();
    if (c === 0x5b) return array();
    if (c === 0x22) return string();
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return number();
    if (c === 0x74) return literal('true');
    if (c === 0x66) return literal('false');
    if (c === 0x6e) return literal('null');
    bad('looking for beginning of value');
  };
  const object = () => {
    i++;
    ws();
    need();
    if (b[i] === 0x7d) {
      i++;
      return;
    }
    for (;;) {
      ws();
      need();
      if (b[i] !== 0x22) bad('looking for beginning of object key string');
      string();
      ws();
      need();
      if (b[i] !== 0x3a) bad('after object key');
      i++;
      value();
      ws();
      need();
      if (b[i] === 0x2c) {
        i++;
        continue;
      }
      if (b[i] === 0x7d) {
        i++;
        return;
      }
      bad('after object key:value pair');
    }
  };
  const array = () => {
    i++;
    ws();
    need();
    if (b[i] === 0x5d) {
      i++;
      return;
    }
    for (;;) {
      value();
      ws();
      need();
      if (b[i] === 0x2c) {
        i++;
        continue;
      }
      if (b[i] === 0x5d) {
        i++;
        return;
      }
      bad('after array element');
    }
  };
  value();
  ws();
  if (i < b.length) bad('after top-level value');
}

function jsonKind(v: Json): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'string') return 'string';
  return Array.isArray(v) ? 'array' : 'object';
}

/** json.Unmarshal into map[string]any or []any; "null" yields nil. */
export function goJsonUnmarshal(text: string, into: 'object' | 'array'): Json {
  checkValidJson(text);
  const v = JSON.parse(text) as Json;
  if (v === null || jsonKind(v) === into) return v;
  const goType = into === 'object' ? 'map[string]interface {}' : '[]interface {}';
  throw new Error(`json: cannot unmarshal ${jsonKind(v)} into Go value of type ${goType}`);
}
