// Building blocks of the detection domain.
export * from './config-rules';
export * from './encrypted-topic';
export * from './guardduty-terraform';
export * from './security-events';
