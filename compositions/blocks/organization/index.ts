// Building blocks of the organization domain.
export * from './guardrail-actions';
export * from './security-administration';
