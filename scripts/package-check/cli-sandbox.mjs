// `npx samsung-auth sandbox` from the installed package: it serves signInGate and the Galaxy token
// call, and the environment block it prints signs a user in to an app built from that block alone.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import express from 'express';
import { createSessionMiddleware, requiresAuth, samsungAuth } from 'samsung-auth-kit/express';

const server = http.createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const appUrl = `http://127.0.0.1:${server.address().port}`;
const dataDir = mkdtempSync(join(tmpdir(), 'sak-pkg-sandbox-'));
// The installed bin itself (not through npx, so that SIGTERM reaches it).
const bin = join(process.cwd(), 'node_modules', '.bin', 'samsung-auth');
const child = spawn(bin, ['sandbox', '--port', '0', '--data-dir', dataDir, '--redirect-uri', `${appUrl}/auth/callback`], { stdio: ['ignore', 'pipe', 'pipe'] });
let out = '';
let err = '';
child.stdout.on('data', (d) => (out += d));
child.stderr.on('data', (d) => (err += d));
try {
  const deadline = Date.now() + 30_000;
  while (!err.includes('Stop with Ctrl-C')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`samsung-auth sandbox did not start:\n${err}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const env = Object.fromEntries(out.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));

  const gate = await fetch(`${env.SAMSUNG_ACCOUNT_URL}/accounts/v1/${env.SAMSUNG_ALIAS_ID}/signInGate?client_id=${env.SAMSUNG_CLIENT_ID}&response_type=CODE&redirect_uri=${encodeURIComponent(`${appUrl}/auth/callback`)}&state=s`);
  assert.equal(gate.status, 200, 'signInGate answers');
  const { stdout: jwt } = await promisify(execFile)('npx', ['--no-install', 'samsung-auth', 'jwt'], { env: { ...process.env, ...env } });
  const token = await fetch(`${env.GALAXY_API_URL}/auth/accessToken`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${jwt.trim()}` } });
  assert.equal(token.status, 200, '/auth/accessToken answers');

  const app = express();
  app.use(createSessionMiddleware({ secrets: ['package-check-session-secret-0123456789'], baseUrl: appUrl }));
  app.use(
    samsungAuth({
      clientId: env.SAMSUNG_CLIENT_ID,
      clientSecret: env.SAMSUNG_CLIENT_SECRET,
      aliasId: env.SAMSUNG_ALIAS_ID,
      accountUrl: env.SAMSUNG_ACCOUNT_URL,
      tokenUrl: env.SAMSUNG_TOKEN_URL,
      apiUrl: env.SAMSUNG_API_URL,
      trustedAuthHosts: env.SAMSUNG_TRUSTED_AUTH_HOSTS.split(','),
      redirectUri: `${appUrl}/auth/callback`,
      signOutUrl: `${appUrl}/`,
    }),
  );
  app.get('/me', requiresAuth(), (req, res) => res.json(req.samsungAuth.user));
  server.on('request', app);

  // The browser's walk: login -> signInGate -> pick Alex -> callback -> /me.
  let cookie = '';
  const go = async (url, init = {}) => {
    const res = await fetch(url, { redirect: 'manual', ...init, headers: { ...(init.headers ?? {}), ...(cookie && url.startsWith(appUrl) ? { cookie } : {}) } });
    const set = res.headers.get('set-cookie');
    if (set && url.startsWith(appUrl)) cookie = set.split(';')[0];
    return res;
  };
  const login = await go(`${appUrl}/auth/login`);
  const page = await (await go(login.headers.get('location'))).text();
  const action = /<form method="post" action="([^"]+)">\s*<input type="hidden" name="request" value="([^"]+)">\s*<input type="hidden" name="userId" value="y0zpz1a2b3">/.exec(page);
  assert.ok(action, 'the gate offers demo user Alex');
  const decision = await go(new URL(action[1].replace(/&amp;/g, '&'), env.SAMSUNG_ACCOUNT_URL).toString(), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request: action[2], userId: 'y0zpz1a2b3', decision: 'approve' }).toString(),
  });
  const callback = await go(decision.headers.get('location'));
  assert.equal(callback.status, 303, 'signed in');
  const me = await (await go(`${appUrl}/me`, { headers: { accept: 'application/json' } })).json();
  assert.deepEqual(me, { id: 'y0zpz1a2b3', name: 'Alex Kim', email: 'alex.kim@example.com' });
  console.log('samsung-auth sandbox: signInGate, the token call and a sign-in from its printed env');
  child.kill('SIGTERM');
  const code = await new Promise((resolve) => child.once('exit', resolve));
  assert.equal(code, 0, `the sandbox stops cleanly on SIGTERM:\n${err}`);
} finally {
  if (child.exitCode === null) child.kill('SIGKILL');
  server.closeAllConnections();
  server.close();
}
