// Field paths in the style of kubectl/API server messages: `.spec.pipeline[0].functionRef`,
// map keys that are not plain identifiers in brackets: `.metadata.labels["app.kubernetes.io/name"]`.

const PLAIN = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return PLAIN.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

/** Renders the root as "." so that every problem names a path. */
export function displayPath(path: string): string {
  return path === '' ? '.' : path;
}
