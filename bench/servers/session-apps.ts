/**
 * Row 1's servers, in one child process sharing one session store: our portal
 * (createPortalApp) and a bare Express 5 + express-session app that reads the same session.
 * BENCH_SANDBOX_ENV: the sandbox settings (JSON); BENCH_STORE: `memory` or a redis:// URL.
 */
import express from 'express';
import session from 'express-session';
import { createPortalApp } from '../../src/web/app.js';
import { MemorySessionStore } from '../../src/stores/memory-session-store.js';
import { RedisSessionStore } from '../../src/stores/redis-session-store.js';
import { connectRedis } from '../../src/stores/redis-client.js';
import { sessionCookieNameFor } from '../../src/web/session.js';
import '../../src/web/session-data.js';
import { serveParent } from '../lib/child.js';
import { BENCH_SESSION_SECRET, closeServer, listen, portalConfig, type SandboxEnv } from '../lib/portal.js';

const env = JSON.parse(process.env.BENCH_SANDBOX_ENV ?? '{}') as SandboxEnv;
const storeSetting = process.env.BENCH_STORE ?? 'memory';

const redis = storeSetting === 'memory' ? undefined : await connectRedis(storeSetting, { commandTimeoutMs: 2000 });
const store: session.Store = redis
  ? new RedisSessionStore({ client: redis, secrets: [BENCH_SESSION_SECRET], prefix: 'bench:sess:' })
  : new MemorySessionStore();

const ours = await listen();
const config = portalConfig(ours.url, ours.port, env, redis ? { SESSION_STORE: storeSetting } : {});
ours.handle(createPortalApp(config, { sessionStore: store }));

// The bare app: what anyone would write with express-session alone, on the same store, cookie
// name and secret (so the same cookie works) and the same idle max age; express-session's
// defaults otherwise (not rolling).
const bare = await listen();
const app = express();
app.use(
  session({
    name: sessionCookieNameFor(bare.url),
    secret: [BENCH_SESSION_SECRET],
    store,
    resave: false,
    saveUninitialized: false,
    cookie: { httpOnly: true, sameSite: 'lax', maxAge: config.session.idleMinutes * 60_000 },
  }),
);
const maxAgeMs = config.session.maxHours * 3600_000;
app.get('/api/session', (req, res) => {
  const data = req.session.samsungAuth;
  if (!data?.user) {
    res.status(401).json({ error: { code: 'UNAUTHENTICATED' } });
    return;
  }
  res.set('cache-control', 'no-store').json({
    authenticated: true,
    user: { id: data.user.id },
    csrfToken: data.csrf,
    expiresAt: new Date(data.user.signedInAt + maxAgeMs).toISOString(),
  });
});
bare.handle(app);

serveParent({ ours: ours.url, bare: bare.url }, { cpu: () => process.cpuUsage() }, async () => {
  await closeServer(ours.server);
  await closeServer(bare.server);
  if (store instanceof MemorySessionStore) store.close();
  await redis?.quit();
});
