// Building blocks of the encryption domain.
export * from './external-keys';
export * from './kms';
