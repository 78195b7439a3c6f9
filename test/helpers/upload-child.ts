/**
 * Run as a child process: uploads one file to a sandbox with the typed client and prints, as JSON,
 * the process's RSS before (after a warm-up upload) and its peak during the upload.
 * Usage: upload-child.ts API_URL UPLOAD_URL SERVICE_ACCOUNT_ID KEY_FILE FILE WARMUP_FILE
 */
import { GalaxyStoreClient } from '../../src/galaxy/galaxy-store-client.js';
import { GalaxyTokenManager } from '../../src/galaxy/token-manager.js';
import { loadPrivateKey } from '../../src/galaxy/load-private-key.js';

const [apiUrl, uploadUrl, id, keyFile, file, warmup] = process.argv.slice(2) as [string, string, string, string, string, string];
const manager = new GalaxyTokenManager({ serviceAccountId: id, privateKey: await loadPrivateKey({ file: keyFile }), apiUrl });
const galaxy = new GalaxyStoreClient({ serviceAccountId: id, accessToken: manager, apiUrl, uploadUrl });
await galaxy.upload.uploadFile(warmup);
globalThis.gc?.();
const baseline = process.memoryUsage().rss;
let peak = baseline;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
const started = performance.now();
const uploaded = await galaxy.upload.uploadFile(file);
const ms = performance.now() - started;
clearInterval(timer);
peak = Math.max(peak, process.memoryUsage().rss);
await manager.revoke();
process.stdout.write(`${JSON.stringify({ baseline, peak, growth: peak - baseline, ms, fileSize: uploaded.fileSize })}\n`);
