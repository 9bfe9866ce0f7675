// Renders the example claims once before the test files run (each reads the on-disk cache). The
// render runs in a child process as the CLI runs it (bin/run.js: the cached bundle), outside
// jest's module realm.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

export default function globalSetup(): void {
  const root = path.resolve(__dirname, '..', '..');
  execFileSync(process.execPath, [path.join(root, 'bin', 'run.js'), path.join(__dirname, 'render-cache.ts')], { cwd: root, stdio: 'inherit' });
}
