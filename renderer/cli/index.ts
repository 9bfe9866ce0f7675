// The `zta` command's parts (input reading, fault injection, tree output, validation, help); cli.ts
// at the top of renderer/ is the entry point bin/zta.js loads.
export { parseFault, renderWithFaults } from './faults';
export type { Fault, FaultOutcome } from './faults';
export { MAIN_HELP, RENDER_HELP, VALIDATE_HELP } from './help';
export { readInputs } from './input';
export type { InputDoc } from './input';
export { InputError } from './input-error';
export { formatTree } from './tree';
export { ownProblems, treeProblems } from './validate';
