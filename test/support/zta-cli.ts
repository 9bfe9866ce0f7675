// Runs the zta CLI in-process with captured output (no process spawn per case).
import { main } from '../../renderer/cli';

export interface Run {
  code: number;
  stdout: string;
  stderr: string[];
}

export function zta(args: string[], opts: { stdin?: string; isTTY?: boolean; stdinIsTTY?: boolean } = {}): Run {
  let stdout = '';
  const stderr: string[] = [];
  const code = main(args, {
    stdout: (s) => { stdout += s; },
    stderr: (s) => { stderr.push(...s.split('\n')); },
    isTTY: opts.isTTY ?? false,
    stdinIsTTY: opts.stdinIsTTY ?? false,
    ...(opts.stdin !== undefined ? { stdin: () => opts.stdin! } : {}),
  });
  return { code, stdout, stderr };
}
