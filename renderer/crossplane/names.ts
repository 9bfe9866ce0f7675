// Deterministic names the way Crossplane (and the API server it stands in for) assigns them.
// Source: crossplane/crossplane internal/names/names.go (v2: ChildName(parentName, parentUID, childName))
// and k8s.io/apiserver/pkg/storage/names (SimpleNameGenerator) for claim -> XR names.
import { createHash } from 'node:crypto';

/** Longest metadata.name Kubernetes accepts for most objects (DNS label). */
export const MAX_NAME_LENGTH = 63;
/** Crossplane keeps this many hex chars of sha256(parentUID + childName). */
const HASH_LENGTH = 12;

function sha256Hex(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/**
 * Name of a composed resource: `<generateName><12 hex chars of sha256(xrUID + compositionResourceName)>`.
 * A parent without a trailing '-' gets one; when the result exceeds 63 chars the parent is cut to fit
 * and still ends with exactly one '-' (same branches as upstream ChildName).
 */
export function childName(parentName: string, parentUID: string, compositionResourceName: string): string {
  const suffix = sha256Hex(parentUID + compositionResourceName).slice(0, HASH_LENGTH);
  let parent = parentName;
  if (parent !== '' && !parent.endsWith('-')) parent += '-';
  const full = parent + suffix;
  if (full.length <= MAX_NAME_LENGTH) return full;
  let maxParentLen = MAX_NAME_LENGTH - HASH_LENGTH;
  if (!parent.slice(0, maxParentLen).endsWith('-')) {
    maxParentLen--;
    return parent.slice(0, maxParentLen) + '-' + suffix;
  }
  return parent.slice(0, maxParentLen) + suffix;
}

// SimpleNameGenerator: base truncated to 58 chars + 5 random chars from this alphabet
// (k8s.io/apimachinery/pkg/util/rand: no vowels, no easily confused characters).
const MAX_GENERATED_BASE = MAX_NAME_LENGTH - 5;
const RAND_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * What the API server would produce for `generateName: base`, but derived from `seed` instead of
 * a random source so renders are reproducible. Used for the XR a claim creates (`<claim-name>-xxxxx`).
 */
export function generateNameFrom(base: string, seed: string): string {
  const trimmed = base.length > MAX_GENERATED_BASE ? base.slice(0, MAX_GENERATED_BASE) : base;
  const digest = createHash('sha256').update(seed).digest();
  let out = '';
  for (let i = 0; i < 5; i++) out += RAND_ALPHABET[digest[i]! % RAND_ALPHABET.length];
  return trimmed + out;
}

/** A UUID-shaped (v4 layout) identifier derived from a seed: stands in for metadata.uid. */
export function deterministicUid(seed: string): string {
  const h = sha256Hex(seed);
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
