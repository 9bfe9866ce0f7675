// Resolves a crossplane-runtime field path of a composite against the composite's XRD schema. A
// patch reading a path the schema does not have never finds a value: P&T skips an Optional patch
// silently and holds a Required one back forever; a ToComposite patch writing an undeclared status
// field is pruned by the API server. Neither is visible until a claim is deployed, so synth refuses it.
import { parseFieldPath, type Segment } from '../../renderer/crossplane';
import type { SchemaNode } from './schema';

/**
 * What Crossplane and the API server add to every composite beside the XRD's spec and status:
 * object metadata (name, uid, labels, annotations ...). Only these are readable by a patch.
 */
const METADATA: SchemaNode = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    namespace: { type: 'string' },
    uid: { type: 'string' },
    generateName: { type: 'string' },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
  },
};

/** The whole composite as patches see it: apiVersion, kind, metadata, and the XRD's spec and status. */
export function compositeSchema(xrd: SchemaNode): SchemaNode {
  return {
    type: 'object',
    properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: METADATA, ...(xrd.properties ?? {}) },
  };
}

function show(segments: readonly Segment[]): string {
  return segments.map((s, i) => (s.type === 'field' ? `${i === 0 ? '' : '.'}${s.field}` : s.type === 'index' ? `[${s.index}]` : '[*]')).join('');
}

/**
 * Why `path` names nothing the schema `root` can hold, or undefined if it resolves: every field
 * declared (or allowed by additionalProperties / x-kubernetes-preserve-unknown-fields), every list
 * index within maxItems. The message names the deepest part that resolved and the offending step.
 */
export function fieldPathProblem(root: SchemaNode, path: string): string | undefined {
  const r = resolve(root, path);
  return 'problem' in r ? r.problem : undefined;
}

/** The schema node `path` names, if it resolves to a declared one (not inside preserved unknown fields). */
export function schemaAt(root: SchemaNode, path: string): SchemaNode | undefined {
  const r = resolve(root, path);
  return 'node' in r ? r.node : undefined;
}

function resolve(root: SchemaNode, path: string): { node: SchemaNode } | { problem: string } | { unknown: true } {
  let segments: Segment[];
  try {
    segments = parseFieldPath(path);
  } catch (e) {
    return { problem: `'${path}' is not a field path: ${e instanceof Error ? e.message : String(e)}` };
  }
  let node: SchemaNode = root;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    // Only a problem names where it is: every patch path of the package resolves on each synth.
    const at = (): string => show(segments.slice(0, i)) || 'the composite';
    if (node.xKubernetesPreserveUnknownFields) return { unknown: true };
    if (node.type === 'array') {
      if (seg.type === 'field') return { problem: `${at()} is a list: it has no field '${seg.field}'` };
      const max = node.maxItems;
      if (seg.type === 'index' && max !== undefined && seg.index >= max) {
        return { problem: `${at()} holds at most ${max} elements: element ${seg.index} can never be set` };
      }
      node = (node.items ?? {}) as SchemaNode;
      continue;
    }
    if (node.type === 'object') {
      if (seg.type !== 'field') return { problem: `${at()} is an object: it has no element ${seg.type === 'index' ? seg.index : '[*]'}` };
      const declared = node.properties?.[seg.field];
      if (declared) {
        node = declared;
        continue;
      }
      const additional = node.additionalProperties as SchemaNode | boolean | undefined;
      if (additional === true) return { unknown: true };
      if (additional && typeof additional === 'object') {
        node = additional;
        continue;
      }
      const names = Object.keys(node.properties ?? {});
      return { problem: `${at()} has no field '${seg.field}' (declared: ${names.length ? names.join(', ') : 'none'})` };
    }
    const type = node.type ?? 'value';
    return { problem: `${at()} is ${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}: it has no ${seg.type === 'field' ? `field '${seg.field}'` : 'elements'}` };
  }
  return { node };
}
