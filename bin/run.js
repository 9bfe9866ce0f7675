#!/usr/bin/env node
// `node bin/run.js ENTRY.ts [ARGS ...]`: runs a TypeScript entry point of this project (main.ts for
// `npm run synth` and `npm start`) from its cached bundle (bin/bundle.js) or through tsx, with the
// entry as process.argv[1], as tsx would.
'use strict';
const path = require('node:path');
const { runOneShot } = require('./one-shot.js');

const [entry] = process.argv.splice(2, 1);
if (!entry) {
  process.stderr.write('usage: node bin/run.js ENTRY.ts [ARGS ...]\n');
  process.exit(2);
}
process.argv[1] = path.resolve(entry);
runOneShot(process.argv[1]).then(({ saveCodeCache }) => saveCodeCache());
