// Differential check of the schema walker against Ajv's generated code: for each object and each
// mutation of it, both must report the same errors (every field) and write the same defaults.
import { isDeepStrictEqual } from 'node:util';
import type { ValidateFunction } from 'ajv/dist/2020';
import type { Schema } from '../../validator/k8s-to-json-schema';
import { type WalkerValidate } from '../../validator/schema-walker';

type Json = unknown;
type Obj = Record<string, Json>;

/**
 * A copy made in this realm. structuredClone makes its objects in the host realm, and under jest
 * they then fail fast-deep-equal's constructor check against the test's own objects (enum, const).
 */
export function clone<T>(data: T): T {
  return data === undefined ? data : (JSON.parse(JSON.stringify(data)) as T);
}

/** A seeded generator (mulberry32): the same mutations on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Site {
  /** The parent container and the key of the value in it. */
  parent: Obj | Json[];
  key: string | number;
  schema: Schema | undefined;
}

/** Every value in the data with the schema node that governs it (properties/items/additionalProperties). */
function sites(data: Json, schema: Schema | undefined, out: Site[] = []): Site[] {
  if (Array.isArray(data)) {
    data.forEach((v, i) => {
      const sub = schema?.items as Schema | undefined;
      out.push({ parent: data, key: i, schema: sub });
      sites(v, sub, out);
    });
  } else if (data && typeof data === 'object') {
    for (const [k, v] of Object.entries(data as Obj)) {
      const props = schema?.properties as Record<string, Schema> | undefined;
      const sub = props?.[k] ?? (typeof schema?.additionalProperties === 'object' ? (schema.additionalProperties as Schema) : undefined);
      out.push({ parent: data as Obj, key: k, schema: sub });
      sites(v, sub, out);
    }
  }
  return out;
}

const ODD_VALUES: Json[] = [42, 1.5, -7, 3000000000, 'text', '', 'x'.repeat(300), true, null, [], {}, ['a', 'a'], [1, 1], { unknownField: 1 }, 'Not A Name!', '10.0.0.0/33', 'eu-west-1'];

/** One mutation of `data` (in place), chosen by `rand` among what the schema makes interesting. */
export function mutate(data: Obj, schema: Schema, rand: () => number): void {
  const all = sites(data, schema);
  if (all.length === 0) return;
  const site = all[Math.floor(rand() * all.length)]!;
  const { parent, key } = site;
  const value = (parent as Obj)[key as string];
  const sub = site.schema;
  const pick = rand();
  if (pick < 0.15 && value && typeof value === 'object' && !Array.isArray(value)) {
    // Drop a field (required ones give "required"), or add one nobody declared.
    const keys = Object.keys(value);
    if (keys.length > 0 && rand() < 0.5) delete (value as Obj)[keys[Math.floor(rand() * keys.length)]!];
    else (value as Obj)[rand() < 0.5 ? 'unknownField' : 'Bad Key!'] = 'v';
  } else if (pick < 0.3 && Array.isArray(sub?.enum) && sub.enum.length > 0) {
    const e = String(sub.enum[Math.floor(rand() * sub.enum.length)]);
    (parent as Obj)[key as string] = rand() < 0.5 ? e.toUpperCase() : `${e}x`;
  } else if (pick < 0.4 && Array.isArray(value) && value.length > 0) {
    value.push(clone(value[0]));
  } else if (pick < 0.5 && Array.isArray(parent) === false && rand() < 0.5) {
    delete (parent as Obj)[key as string];
  } else {
    (parent as Obj)[key as string] = clone(ODD_VALUES[Math.floor(rand() * ODD_VALUES.length)]);
  }
}

export interface Difference {
  what: string;
  ajv: Json;
  walker: Json;
}

/** Runs both on copies of `data`; undefined when they agree on validity, every error field, and the data after defaults. */
export function compare(ajv: ValidateFunction, walker: WalkerValidate, data: Json): Difference | undefined {
  const a = clone(data);
  const w = clone(data);
  const va = ajv(a);
  const vw = walker(w);
  if (va !== vw) return { what: 'validity', ajv: va, walker: vw };
  if (!isDeepStrictEqual(ajv.errors ?? null, walker.errors ?? null)) return { what: 'errors', ajv: ajv.errors, walker: walker.errors };
  if (!isDeepStrictEqual(a, w)) return { what: 'data after defaults', ajv: a, walker: w };
  return undefined;
}
