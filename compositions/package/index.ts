// The Crossplane package around the compositions: metadata, writing, tested versions, onboarding.
export * from './onboarding';
export * from './package-metadata';
export * from './package-writer';
export * from './tested-versions';
export * from './readme-domains';
