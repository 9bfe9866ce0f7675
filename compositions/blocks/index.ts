// Security building blocks, by domain: what charts compose, beyond single resources.
export * from './data';
export * from './detection';
export * from './encryption';
export * from './identity';
export * from './logging';
export * from './network';
export * from './organization';
