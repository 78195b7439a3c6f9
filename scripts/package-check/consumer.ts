// A TypeScript integrator's file: every subpath's types resolve, and req.samsungAuth is typed.
import express from 'express';
import * as everything from 'samsung-auth-kit';
import {
  createSessionMiddleware,
  requiresAuth,
  samsungAuth,
  securityHeaders,
  MemorySessionStore,
  isSamsungAuthError,
  type SamsungAuthOptions,
} from 'samsung-auth-kit/express';
import { GalaxyTokenManager, loadPrivateKey, type ContentListEntry } from 'samsung-auth-kit/galaxy';
import { startSandbox, type Sandbox } from 'samsung-auth-kit/sandbox';

const options: SamsungAuthOptions = {
  clientId: 'id',
  clientSecret: 'secret',
  aliasId: 'alias',
  redirectUri: 'https://portal.example.com/auth/callback',
  signOutUrl: 'https://portal.example.com/',
};
const app = express();
app.use(securityHeaders({ baseUrl: 'https://portal.example.com', accountUrl: 'https://account.samsung.com' }));
app.use(createSessionMiddleware({ secrets: ['x'.repeat(32)], baseUrl: 'https://portal.example.com', store: new MemorySessionStore() }));
app.use(samsungAuth(options));
app.get('/account', requiresAuth(), (req, res) => {
  const id: string | undefined = req.samsungAuth?.user?.id;
  res.send(id);
});

export async function listContents(sandbox: Sandbox): Promise<ContentListEntry[]> {
  const manager = new GalaxyTokenManager({
    serviceAccountId: sandbox.demoServiceAccount.id,
    privateKey: await loadPrivateKey({ file: sandbox.demoServiceAccount.privateKeyFile }),
    apiUrl: sandbox.galaxyUrl,
  });
  try {
    return await manager.apiClient().contentList();
  } catch (err) {
    if (isSamsungAuthError(err)) console.error(err.code, err.hint);
    throw err;
  }
}

export const started: Promise<Sandbox> = startSandbox();
export const sameThing: boolean = everything.samsungAuth === samsungAuth && everything.startSandbox === startSandbox;
