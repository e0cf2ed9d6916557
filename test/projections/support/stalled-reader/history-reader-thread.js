// A history reader thread whose reads block it for `workerData.stallMs` (a cold disk, a lock held
// elsewhere): it speaks the reader's channel (libs/thread-channel), then answers each request only after the stall.
const { parentPort, workerData } = require('node:worker_threads');

parentPort.postMessage({ kind: 'notice', name: 'ready' });
parentPort.on('message', (message) => {
  if (message.kind !== 'request') return;
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData?.stallMs ?? 3000);
  parentPort.postMessage({ kind: 'failure', id: message.id, error: { name: 'Error', message: 'stalled read' } });
});
