#!/usr/bin/env node
// The `zta` CLI: renderer/cli.ts, from its cached bundle (bin/bundle.js) or through tsx.
'use strict';
const path = require('node:path');
const { runBundled } = require('./bundle.js');
const { dropOutputOnClosedPipe } = require('./closed-pipe.js');
const { ONE_SHOT_V8_FLAGS } = require('./v8-flags.js');

dropOutputOnClosedPipe();
require('node:v8').setFlagsFromString(ONE_SHOT_V8_FLAGS);
runBundled(path.join(__dirname, '..', 'renderer', 'cli.ts')).then(({ exports, saveCodeCache }) => {
  process.exitCode = exports.main(process.argv.slice(2));
  saveCodeCache();
});
