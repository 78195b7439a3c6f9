import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { startSandbox, type Sandbox } from 'samsung-auth-kit/sandbox';
import { createApp } from './app.js';

let sandbox: Sandbox;
let server: http.Server;
let appUrl: string;

before(async () => {
  sandbox = await startSandbox(); // Samsung Account and Galaxy Store, on a free loopback port
  server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sandbox.registerRedirectUri(`${appUrl}/auth/callback`);
  const env = { ...sandbox.env, BASE_URL: appUrl, SESSION_SECRET: 'a test secret of at least thirty-two bytes' };
  server.on('request', createApp(env));
});

after(async () => {
  server.closeAllConnections();
  server.close();
  await sandbox.close();
});

test('a signed-in user sees the account page', async () => {
  const { cookie, userId } = await sandbox.signIn({ appUrl, userId: sandbox.demoUsers[0]!.id });
  const page = await fetch(`${appUrl}/account`, { headers: { cookie } });
  assert.equal(await page.text(), `Hello ${userId}`);
});

test('a visitor is sent to sign in', async () => {
  const page = await fetch(`${appUrl}/account`, { redirect: 'manual' });
  assert.equal(page.status, 302);
  assert.equal(page.headers.get('location'), '/auth/login?returnTo=%2Faccount');
});
