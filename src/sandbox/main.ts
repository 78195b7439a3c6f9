/**
 * `npm run sandbox`: the Samsung sandbox on its own, on SANDBOX_PORT (default 3001).
 * Registers `SANDBOX_REDIRECT_URIS` (comma-separated; default http://localhost:3000/auth/callback).
 */
import { resolve } from 'node:path';
import { startSandbox } from './sandbox.js';

const port = Number(process.env.SANDBOX_PORT ?? 3001);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error('SANDBOX_PORT must be a whole number from 1 to 65535.');
  process.exit(2);
}
const reviewSeconds = Number(process.env.SANDBOX_REVIEW_SECONDS ?? 5);
if (!Number.isFinite(reviewSeconds) || reviewSeconds < 0 || reviewSeconds > 86_400) {
  console.error('SANDBOX_REVIEW_SECONDS must be a number of seconds from 0 to 86400.');
  process.exit(2);
}
const uploadPort = Number(process.env.SANDBOX_UPLOAD_PORT ?? 0);
if (!Number.isInteger(uploadPort) || uploadPort < 0 || uploadPort > 65535) {
  console.error('SANDBOX_UPLOAD_PORT must be a whole number from 0 to 65535 (0: a free port).');
  process.exit(2);
}
const redirectUris = (process.env.SANDBOX_REDIRECT_URIS ?? 'http://localhost:3000/auth/callback')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);

startSandbox({
  port,
  host: '127.0.0.1',
  uploadPort,
  reviewSeconds,
  redirectUris,
  client: {
    ...(process.env.SANDBOX_CLIENT_ID ? { clientId: process.env.SANDBOX_CLIENT_ID } : {}),
    ...(process.env.SANDBOX_CLIENT_SECRET ? { clientSecret: process.env.SANDBOX_CLIENT_SECRET } : {}),
    ...(process.env.SANDBOX_ALIAS_ID ? { aliasId: process.env.SANDBOX_ALIAS_ID } : {}),
  },
  tokenResponse: process.env.SANDBOX_TOKEN_RESPONSE === 'observed' || process.env.SANDBOX_TOKEN_RESPONSE === 'refresh' ? process.env.SANDBOX_TOKEN_RESPONSE : 'seed',
  ...(Number(process.env.SANDBOX_ACCESS_TOKEN_SECONDS) > 0 ? { accessTokenSeconds: Number(process.env.SANDBOX_ACCESS_TOKEN_SECONDS) } : {}),
  ...(process.env.SANDBOX_REGION_PORT ? { regionPort: Number(process.env.SANDBOX_REGION_PORT) } : {}),
  dataDir: resolve(process.env.DATA_DIR ?? './data'),
  ...(process.env.SANDBOX_CONTROL_TOKEN ? { controlToken: process.env.SANDBOX_CONTROL_TOKEN } : {}),
})
  .then((sandbox) => {
    console.log(
      [
        `Samsung sandbox listening at ${sandbox.url}`,
        `  account URL:  ${sandbox.accountUrl}    token URL: ${sandbox.tokenUrl}    second region: ${sandbox.regionUrl}`,
        `  client id:    ${sandbox.client.clientId}    alias id: ${sandbox.client.aliasId}`,
        `  client secret: set SANDBOX_CLIENT_SECRET to choose it (a generated one is not printed)`,
        `  redirect URIs: ${sandbox.client.redirectUris.join(', ')}`,
        `  Galaxy upload URL: ${sandbox.uploadUrl}    review takes ${reviewSeconds} s`,
        `  Galaxy API:   ${sandbox.galaxyUrl}    demo service account: ${sandbox.galaxy.demoServiceAccount.id} (key: ${sandbox.galaxy.demoServiceAccount.privateKeyFile})`,
        `  control:      /__sandbox/{counters,faults,reset} with header x-sandbox-control-token: ${process.env.SANDBOX_CONTROL_TOKEN ? '(SANDBOX_CONTROL_TOKEN)' : sandbox.controlToken}`,
      ].join('\n'),
    );
    const stop = () => void sandbox.close().then(() => process.exit(0));
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  })
  .catch((err: unknown) => {
    console.error(`The sandbox failed to start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
