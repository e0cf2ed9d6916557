// A history reader thread whose reads block it for `workerData.stallMs` (a cold disk, a lock held
// elsewhere): it speaks the reader's messages, then answers each request only after the stall.
const { parentPort, workerData } = require('node:worker_threads');

parentPort.postMessage({ type: 'ready' });
parentPort.on('message', ({ id }) => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.stallMs ?? 3000);
  parentPort.postMessage({ type: 'failed', id, failure: { name: 'Error', message: 'stalled read' } });
});
