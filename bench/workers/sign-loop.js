// Row 4's limit: raw node:crypto RS256 signing in a loop on one core (one worker per core).
// Waits for `{ ms }`, signs for that long, answers the count; again until told `stop`.
// Plain JavaScript: worker threads do not inherit the tsx loader.
import { parentPort, workerData } from 'node:worker_threads';
import { createPrivateKey, sign } from 'node:crypto';
import { performance } from 'node:perf_hooks';

const key = createPrivateKey(workerData.pem);
const input = Buffer.from(workerData.input);
for (let i = 0; i < 20; i++) sign('sha256', input, key); // warm

parentPort.on('message', (m) => {
  if (m.stop) process.exit(0);
  const end = performance.now() + (m.ms ?? 1000);
  let n = 0;
  while (performance.now() < end) {
    sign('sha256', input, key);
    n++;
  }
  parentPort.postMessage(n);
});
