// `zta render ... | head`, `npm start | less`: the reader may close the pipe before the process has
// written everything. Node then raises EPIPE on stdout as an unhandled error (a stack trace, exit 1)
// while the process may still be writing files. Output nobody reads is dropped instead: the process
// finishes its work and exits with its own code.
'use strict';

const DROPPED = new Set(['EPIPE', 'ERR_STREAM_DESTROYED']);

function dropOutputOnClosedPipe(stream = process.stdout) {
  stream.on('error', (e) => {
    if (!DROPPED.has(e.code)) throw e;
  });
}

module.exports = { dropOutputOnClosedPipe };
