#!/usr/bin/env node
// The `zta` CLI: renderer/cli.ts, from its cached bundle (bin/cli-bundle.js) or through tsx.
'use strict';
// A render is a process of about a second. With V8's default budget, TurboFan compiled hundreds of
// functions the run then left before using: half its CPU time. Eight times the budget still
// optimizes what a long run (a directory of claims) spends its time in.
require('node:v8').setFlagsFromString('--interrupt-budget=540672');

require('./cli-bundle.js').loadBundledCli().then((bundled) => {
  if (bundled) {
    process.exitCode = bundled.cli.main(process.argv.slice(2));
    bundled.saveCodeCache();
  } else {
    require('tsx/cjs');
    process.exitCode = require('../renderer/cli.ts').main(process.argv.slice(2));
  }
});
