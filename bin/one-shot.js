// How `zta` (bin/zta.js) and `node bin/run.js ENTRY.ts` start: a process that does one job (a render,
// a synth: one to two seconds) and exits, running its entry from the cached bundle (bin/bundle.js).
'use strict';
const { runBundled } = require('./bundle.js');

// With V8's default interrupt budget, TurboFan compiled hundreds of functions the run then left
// before using: half of a render's CPU time. Eight times the budget (V8 11's default is 67584)
// still optimizes what a long run, such as a directory of claims, spends its time in.
// Scavenges on the main thread alone: a parallel scavenge's helper threads cost a render about 7%
// more CPU for the same wall time. The other GC threads cannot be turned off once V8 runs
// (--single-threaded-gc and --no-parallel-marking abort it; --no-concurrent-marking and the
// sweeping flags measured no gain).
const ONE_SHOT_V8_FLAGS = '--interrupt-budget=540672 --no-parallel-scavenge';

// `zta render ... | head`, `npm start | less`: the reader may close the pipe before the process has
// written everything. Node then raises EPIPE on stdout as an unhandled error (a stack trace, exit 1)
// while the process may still be writing files. Output nobody reads is dropped instead: the process
// finishes its work and exits with its own code.
const DROPPED_OUTPUT = new Set(['EPIPE', 'ERR_STREAM_DESTROYED']);

/** Sets the process up for one job and runs `entry` (an absolute .ts path): runBundled's result. */
function runOneShot(entry) {
  process.stdout.on('error', (e) => {
    if (!DROPPED_OUTPUT.has(e.code)) throw e;
  });
  require('node:v8').setFlagsFromString(ONE_SHOT_V8_FLAGS);
  return runBundled(entry);
}

module.exports = { runOneShot };
