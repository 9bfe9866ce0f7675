// `npm start` / `npm run synth`: synthesize the Crossplane package into dist/ and say what it holds.
import * as path from 'node:path';
import { buildPackage } from './charts';
import { writePackage } from './compositions/package-writer';

const outdir = path.join(__dirname, 'dist');
const files = writePackage(buildPackage(), outdir);
console.log(`dist/ (Crossplane package root):`);
for (const f of files) {
  console.log(`  ${f.path.padEnd(48)} ${f.objects.map((o) => `${o.kind}/${(o.metadata as { name: string }).name}`).join(', ')}`);
}
