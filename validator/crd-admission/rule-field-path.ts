// ValidFieldPath (apiextensions-apiserver pkg/apiserver/schema/cel/validation.go): the
// `fieldPath` of an x-kubernetes-validations rule (and a selectable field's jsonPath) must walk
// the structural schema: `.a.b`, `['key with dots']`, map keys through additionalProperties.
import { FieldPath } from './field';
import type { Structural } from './structural';

export type FieldPathResult = { ok: true; path: FieldPath | undefined; schema: Structural | undefined } | { ok: false; error: string };

// The scanner splits on '.', '[' and ']', keeping single-quoted strings (with \' escapes) whole.
function tokenize(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    if (s[i] === "'") {
      let j = i + 1;
      while (j < s.length && !(s[j] === "'" && s[j - 1] !== '\\')) j++;
      if (j >= s.length) {
        out.push(s.slice(i));
        break;
      }
      out.push(s.slice(i, j + 1));
      i = j + 1;
      continue;
    }
    if ('.[]'.includes(s[i])) {
      out.push(s[i]);
      i++;
      continue;
    }
    let j = i;
    while (j < s.length && !'.[]'.includes(s[j])) j++;
    out.push(s.slice(i, j));
    i = j;
  }
  return out;
}

const ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', "'": "'", '\\': '\\' };

function unescapeSingleQuote(s: string): { ok: true; value: string } | { ok: false; error: string } {
  let error: string | undefined;
  const value = s.replace(/\\[\s\S]/g, (m) => {
    const r = ESCAPES[m[1]];
    if (r === undefined) {
      error = `invalid escape char ${m}`;
      return '';
    }
    return r;
  });
  return error ? { ok: false, error } : { ok: true, value };
}

export function validFieldPath(jsonPath: string, root: Structural | undefined, opts: { allowArrayNotation: boolean } = { allowArrayNotation: true }): FieldPathResult {
  let schema = root;
  let path: FieldPath | undefined;
  const step = (name: string, isNamed: boolean): string | undefined => {
    if (!isNamed) {
      path = path ? path.key(name) : FieldPath.ofKey(name);
      schema = schema?.additionalProperties?.structural;
      return undefined;
    }
    path = path ? path.child(name) : FieldPath.of(name);
    const next = schema?.properties?.get(name);
    if (!next) return 'does not refer to a valid field';
    schema = next;
    return undefined;
  };
  const named = (): boolean | undefined => (schema?.properties ? true : schema?.additionalProperties ? false : undefined);

  const toks = tokenize(jsonPath);
  for (let i = 0; i < toks.length; i++) {
    const tok = toks[i];
    if (tok === '[') {
      if (!opts.allowArrayNotation) return { ok: false, error: 'array notation is not allowed' };
      const quoted = toks[++i];
      if (quoted === undefined) return { ok: false, error: 'unexpected end of JSON path' };
      if (quoted.length < 2 || quoted[0] !== "'" || quoted[quoted.length - 1] !== "'") return { ok: false, error: `expected single quoted string but got ${quoted}` };
      const un = unescapeSingleQuote(quoted.slice(1, -1));
      if (!un.ok) return { ok: false, error: `invalid string literal: ${un.error}` };
      const isNamed = named();
      if (isNamed === undefined) return { ok: false, error: 'does not refer to a valid field' };
      const err = step(un.value, isNamed);
      if (err) return { ok: false, error: err };
      const close = toks[++i];
      if (close === undefined) return { ok: false, error: 'unexpected end of JSON path' };
      if (close !== ']') return { ok: false, error: `expected ] but got ${close}` };
    } else if (tok === '.') {
      const name = toks[++i];
      if (name === undefined) return { ok: false, error: 'unexpected end of JSON path' };
      const isNamed = named();
      if (isNamed === undefined) return { ok: false, error: 'does not refer to a valid field' };
      const err = step(name, isNamed);
      if (err) return { ok: false, error: err };
    } else {
      return { ok: false, error: `expected [ or . but got: ${tok}` };
    }
  }
  return { ok: true, path, schema };
}
