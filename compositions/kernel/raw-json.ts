// JSON documents (event patterns, WAF rules) are stored in managed resources as strings. A few of
// their numbers are known only when a composite exists (a severity threshold, a rate limit): such a
// number is written as `rawJson(param('x'))` and lands in the serialized text unquoted, so the
// composition token becomes a Combine patch whose `%v` prints the number itself.

/** A value serialized verbatim (no quotes), e.g. a `${xr:...}` token standing for a number. */
export class RawJson {
  public constructor(public readonly text: string) {
    if (!text.trim()) throw new Error('rawJson: the raw text is empty');
  }
}

/** Marks `text` (usually a composition token) to be written unquoted into serialized JSON. */
export function rawJson(text: string): RawJson {
  return new RawJson(text);
}

const MARKER = (i: number): string => `@@raw${i}@@`;

/** Compact JSON with every {@link RawJson} written verbatim. */
export function serializeJson(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof RawJson) {
      raws.push(v.text);
      return MARKER(raws.length - 1);
    }
    return v;
  });
  if (text === undefined) throw new Error('serializeJson: value is not serializable');
  return raws.reduce((acc, raw, i) => acc.replace(JSON.stringify(MARKER(i)), raw), text);
}
