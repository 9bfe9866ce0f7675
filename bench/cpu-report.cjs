// Preloaded (`node --require`) into each process the bench times: writes the process's CPU time
// (user + system, ms) to $BENCH_CPU_FILE at exit. On a machine shared with other work, CPU time
// is what the process itself cost; wall time also counts waiting for a core.
'use strict';
const fs = require('node:fs');
const file = process.env.BENCH_CPU_FILE;
if (file) {
  process.on('exit', () => {
    const u = process.cpuUsage();
    fs.writeFileSync(file, String((u.user + u.system) / 1000));
  });
}
