// V8 flags for a process that does one job and exits (a render, a synth: one to two seconds).
// With V8's default interrupt budget, TurboFan compiled hundreds of functions the run then left
// before using: half of a render's CPU time. Eight times the budget (V8 11's default is 67584)
// still optimizes what a long run, such as a directory of claims, spends its time in.
'use strict';
module.exports = { ONE_SHOT_V8_FLAGS: '--interrupt-budget=540672' };
