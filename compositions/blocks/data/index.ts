// Building blocks of the data domain.
export * from './access-log-bucket';
export * from './backup-policy';
export * from './secure-bucket';
