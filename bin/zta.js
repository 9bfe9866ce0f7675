#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's CommonJS loader (no build step).
require('tsx/cjs');
process.exitCode = require('../renderer/cli.ts').main(process.argv.slice(2));
