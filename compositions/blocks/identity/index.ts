// Building blocks of the identity domain.
export * from './permissions-boundary';
export * from './service-role';
