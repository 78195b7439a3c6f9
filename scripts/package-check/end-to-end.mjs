// The installed package at work: an Express app signs a sandbox user in (views from the package
// render the sandbox's gate and the error page), and the Galaxy toolkit lists contents.
import assert from 'node:assert/strict';
import http from 'node:http';
import express from 'express';
import { createSessionMiddleware, requiresAuth, samsungAuth } from 'samsung-auth-kit/express';
import { GalaxyTokenManager, loadPrivateKey } from 'samsung-auth-kit/galaxy';
import { startSandbox } from 'samsung-auth-kit/sandbox';

const sandbox = await startSandbox();
const server = http.createServer();
try {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const appUrl = `http://127.0.0.1:${server.address().port}`;
  sandbox.registerRedirectUri(`${appUrl}/auth/callback`);
  const app = express();
  app.use(createSessionMiddleware({ secrets: ['package-check-session-secret-0123456789'], baseUrl: appUrl }));
  app.use(
    samsungAuth({
      clientId: sandbox.client.clientId,
      clientSecret: sandbox.client.clientSecret,
      aliasId: sandbox.client.aliasId,
      accountUrl: sandbox.accountUrl,
      tokenUrl: sandbox.tokenUrl,
      redirectUri: `${appUrl}/auth/callback`,
      signOutUrl: `${appUrl}/`,
    }),
  );
  app.get('/account', requiresAuth(), (req, res) => {
    res.send(`Hello ${req.samsungAuth.user.id}`);
  });
  server.on('request', app);

  const { cookie, userId } = await sandbox.signIn({ appUrl });
  const page = await fetch(`${appUrl}/account`, { headers: { cookie } });
  assert.equal(await page.text(), `Hello ${userId}`);
  const stray = await fetch(`${appUrl}/auth/callback?code=c&state=s`, { headers: { accept: 'text/html' } });
  assert.equal(stray.status, 400);
  assert.match(await stray.text(), /LOGIN_NOT_STARTED/);

  const manager = new GalaxyTokenManager({
    serviceAccountId: sandbox.demoServiceAccount.id,
    privateKey: await loadPrivateKey({ text: sandbox.demoServiceAccount.privateKeyPem }),
    apiUrl: sandbox.galaxyUrl,
  });
  const contents = await manager.apiClient().contentList();
  assert.ok(contents.length > 0 && contents.every((c) => typeof c.contentId === 'string'));
  await manager.revoke();
  assert.equal(sandbox.galaxy.tokens.active, 0);
  console.log(`signed in as ${userId}; ${contents.length} contents listed`);
} finally {
  server.closeAllConnections();
  server.close();
  await sandbox.close();
}
