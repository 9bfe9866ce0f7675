/** Bad input to the CLI (files, flags, faults): reported as one line on stderr, exit code 2. */
export class InputError extends Error {
  override name = 'InputError';
}
