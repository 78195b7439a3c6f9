/**
 * Child process for the crash test: appends audit events to a file inventory as fast as it can
 * and prints "ack N" after each write has resolved (i.e. is acknowledged as durable).
 */
import { FileInventoryStore } from '../../src/stores/file-inventory-store.js';

const path = process.argv[2]!;
const store = await FileInventoryStore.open(path);
for (let i = 0; ; i++) {
  await store.appendAudit({ at: new Date().toISOString(), userId: 'u', accountId: 'a', action: 'token.check', outcome: 'ok', detail: `n${i}-${'x'.repeat(2000)}` });
  process.stdout.write(`ack ${i}\n`);
}
