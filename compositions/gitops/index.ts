// The GitOps tree: Argo CD projects, settings, health checks and the files synth writes.
export * from './app-projects';
export * from './argocd-health';
export * from './argocd-settings';
export * from './package-dependencies';
export * from './parameters';
export * from './tree-files';
