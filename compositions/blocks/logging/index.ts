// Building blocks of the logging domain.
export * from './cloudtrail-delivery';
export * from './log-metric-alarm';
export * from './log-retention';
export * from './security-metric-filters';
