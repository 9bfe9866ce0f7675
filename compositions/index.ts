// The typed construct library, by layer: kernel (Crossplane), policy (AWS policy languages),
// blocks (security building blocks by domain), report, package and gitops.
export * from './kernel';
export * from './policy';
export * from './blocks';
export * from './package';
export * from './report';
export * from './gitops';
