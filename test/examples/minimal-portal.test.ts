/** examples/minimal-portal: the server runs against the sandbox; its own test passes. */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.js';
import { freePort } from '../helpers/free-port.js';
import { runExample, startExample } from './run-example.js';

describe('examples/minimal-portal', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox();
  });
  after(() => sandbox.close());

  it('server.ts signs a demo user in and protects /account', async () => {
    const port = await freePort();
    const appUrl = `http://127.0.0.1:${port}`;
    sandbox.registerRedirectUri(`${appUrl}/auth/callback`);
    const server = await startExample(
      'examples/minimal-portal/server.ts',
      { ...sandbox.env, PORT: String(port), BASE_URL: appUrl, SESSION_SECRET: 'minimal-portal-example-secret-0123456789' },
      'minimal portal on',
    );
    try {
      const home = await fetch(`${appUrl}/`);
      assert.match(await home.text(), /href="\/auth\/login">Sign in with Samsung Account/);
      const visitor = await fetch(`${appUrl}/account`, { redirect: 'manual' });
      assert.equal(visitor.status, 302);
      assert.equal(visitor.headers.get('location'), '/auth/login?returnTo=%2Faccount');

      const user = sandbox.demoUsers[1]!;
      const { cookie, location } = await sandbox.signIn({ appUrl, userId: user.id, returnTo: '/account' });
      assert.equal(location, '/account');
      const account = await fetch(`${appUrl}/account`, { headers: { cookie } });
      assert.equal(account.status, 200);
      assert.equal(await account.text(), `Hello ${user.id}`);
      assert.equal(account.headers.get('x-frame-options'), 'DENY', 'securityHeaders() is mounted');
      assert.match(await (await fetch(`${appUrl}/`, { headers: { cookie } })).text(), /Your account/);
    } finally {
      await server.stop();
    }
  });

  it('app.test.ts (the integrator-side test in the README) passes', async () => {
    const run = await runExample('examples/minimal-portal/app.test.ts', {}, ['--test', '--test-reporter=tap']);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^# pass 2$/m);
    assert.match(run.stdout, /^# fail 0$/m);
  });
});
