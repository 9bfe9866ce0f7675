// Building blocks of the network domain.
export * from './api-gateway-policy';
export * from './athena-workgroup';
export * from './endpoint-set';
export * from './flow-log-destinations';
export * from './flow-log-format';
export * from './flow-log-queries';
export * from './flow-log-query-definitions';
export * from './flow-log-table';
export * from './network-parameters';
export * from './private-vpc';
export * from './transit-gateway';
export * from './vpc-endpoints';
