#!/usr/bin/env node
// The `zta` CLI: renderer/cli.ts, from its cached bundle (bin/bundle.js) or through tsx.
'use strict';
const path = require('node:path');
const { runOneShot } = require('./one-shot.js');

runOneShot(path.join(__dirname, '..', 'renderer', 'cli.ts')).then(({ exports, saveCodeCache }) => {
  process.exitCode = exports.main(process.argv.slice(2));
  saveCodeCache();
});
