/** SIGTERM during a slow in-flight request: it completes, new connections are refused, exit 0. */
import { describe, it } from 'node:test';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPortalApp } from '../../src/web/app.js';
import { loadConfig } from '../../src/config/load-config.js';
import assert from 'node:assert/strict';
import { startSandbox } from '../../src/sandbox/sandbox.js';
import { deploymentEnv, startPortalProcess } from '../helpers/portal-process.js';
import { signedInBrowser } from '../helpers/sign-in.js';
import { api } from '../helpers/portal-client.js';

const OPERATOR = 'y0zpz1a2b3';

describe('graceful shutdown', () => {
  it('finishes the in-flight request, refuses new connections, exits 0', async () => {
    const sandbox = await startSandbox();
    const portal = await startPortalProcess(deploymentEnv(sandbox, { operators: [OPERATOR], extra: { SHUTDOWN_TIMEOUT_MS: '10000' } }));
    sandbox.account.registerRedirectUri(`${portal.url}/auth/callback`);
    try {
      const { browser, csrf } = await signedInBrowser(portal.url, OPERATOR);
      const id = sandbox.galaxy.demoServiceAccount.id;
      assert.equal((await api(browser, portal.url, 'POST', `/api/galaxy/accounts/${id}/token`, { csrf })).status, 201);

      sandbox.addFault({ route: 'galaxy.contentList', fault: { kind: 'delay', ms: 1500 } });
      const inFlight = api(browser, portal.url, 'GET', `/api/galaxy/accounts/${id}/contents`, { csrf });
      await new Promise((r) => setTimeout(r, 300));
      portal.child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 200));
      await assert.rejects(fetch(`${portal.url}/healthz`, { headers: { connection: 'close' } }), 'new connections are refused');
      const answer = await inFlight;
      assert.equal(answer.status, 200, 'the in-flight request completed');
      assert.ok(Array.isArray(answer.body));
      assert.equal(await portal.exited, 0);
    } finally {
      await portal.stop();
      await sandbox.close();
    }
  });

  it('/readyz answers 503 while shutting down', async () => {
    let shuttingDown = false;
    const app = createPortalApp(loadConfig({ PORT: '3999' }), { health: { storeReady: async () => true, shuttingDown: () => shuttingDown } });
    const server = http.createServer(app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      assert.equal((await fetch(`${url}/readyz`)).status, 200);
      shuttingDown = true;
      const res = await fetch(`${url}/readyz`);
      assert.equal(res.status, 503);
      assert.deepEqual(await res.json(), { ready: false, reasons: ['shutting down'] });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
