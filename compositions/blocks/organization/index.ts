// Building blocks of the organization domain.
export * from './guardrail-actions';
export * from './kind-guardrails';
export * from './security-administration';
