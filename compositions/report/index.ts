// The generated security report: control catalog, evidence mapping and the assessment.
export * from './control-evidence';
export * from './controls-catalog';
export * from './security-report';
