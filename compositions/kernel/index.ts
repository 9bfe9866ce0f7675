// The Crossplane construct kernel: XRDs, Pipeline Compositions, composed resources, patches,
// conditions (function-cel-filter), ordering, naming and the parameter schema.
export * from './account-binding';
export * from './aws-limits';
export * from './aws-names';
export * from './cel-filter';
export * from './composed-resource';
export * from './composite-paths';
export * from './composition';
export * from './condition';
export * from './definition';
export * from './domain-chart';
export * from './feature-slots';
export * from './kind-schemas';
export * from './naming';
export * from './nested-composite';
export * from './optional-feature';
export * from './ordering';
export * from './parameter-docs';
export * from './parameter-ref';
export * from './parameters';
export * from './patches';
export * from './raw-json';
export * from './region-slots';
export * from './schema';
export * from './transforms';
export * from './usage';
export * from './values';
