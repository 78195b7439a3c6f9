/**
 * The signed-in read's servers (rows 1 and 9), in one child process: our portal
 * (createPortalApp) and one peer (peers.ts), over one session store instance.
 * BENCH_SANDBOX_ENV: the sandbox settings (JSON); BENCH_STORE: `memory` or a redis:// URL;
 * BENCH_PEER: `bare`, `passport` or `none`. `seed` fills the store with signed-in sessions.
 */
import type http from 'node:http';
import type session from 'express-session';
import { resolveAccountOptions } from '../../src/account/options.js';
import { createPortalApp } from '../../src/web/app.js';
import { MemorySessionStore } from '../../src/stores/memory-session-store.js';
import { RedisSessionStore } from '../../src/stores/redis-session-store.js';
import { connectRedis } from '../../src/stores/redis-client.js';
import { sessionCookieNameFor } from '../../src/web/session.js';
import { serveParent } from '../lib/child.js';
import { BENCH_SESSION_SECRET, closeServer, listen, portalConfig, type SandboxEnv } from '../lib/portal.js';
import { bareApp, passportApp } from './peers.js';
import { seedSessions } from './seed.js';

const env = JSON.parse(process.env.BENCH_SANDBOX_ENV ?? '{}') as SandboxEnv;
const storeSetting = process.env.BENCH_STORE ?? 'memory';
const peer = process.env.BENCH_PEER ?? 'bare';

const redis = storeSetting === 'memory' ? undefined : await connectRedis(storeSetting, { commandTimeoutMs: 2000 });
const store: session.Store = redis
  ? new RedisSessionStore({ client: redis, secrets: [BENCH_SESSION_SECRET], prefix: 'bench:sess:' })
  : new MemorySessionStore({ maxEntries: 200_000 });

const ours = await listen();
const config = portalConfig(ours.url, ours.port, env, redis ? { SESSION_STORE: storeSetting } : {});
ours.handle(createPortalApp(config, { sessionStore: store }));

const servers: http.Server[] = [ours.server];
const ready: Record<string, string> = { ours: ours.url };
if (peer !== 'none') {
  const other = await listen();
  // Same store, cookie name and secret as ours (the bare app reads the session ours wrote), the
  // same idle max age; express-session's defaults otherwise (not rolling).
  const settings = { store, cookieName: sessionCookieNameFor(other.url), idleMinutes: config.session.idleMinutes, maxAgeMs: config.session.maxHours * 3600_000 };
  other.handle(
    peer === 'passport'
      ? passportApp({
          ...settings,
          authorizationURL: resolveAccountOptions(config.account).signInUrl,
          tokenURL: env.SAMSUNG_TOKEN_URL!,
          clientID: env.SAMSUNG_CLIENT_ID!,
          clientSecret: env.SAMSUNG_CLIENT_SECRET!,
          callbackURL: `${other.url}/auth/callback`,
        })
      : bareApp({ ...settings, authorizeUrl: `${env.SAMSUNG_ACCOUNT_URL}/authorize?x=1` }),
  );
  servers.push(other.server);
  ready.peer = other.url;
}

serveParent(
  ready,
  {
    cpu: () => process.cpuUsage(),
    seed: (count) => seedSessions(store, Number(count)),
    // The same seeding work into a store that is then dropped (and collected, under --expose-gc):
    // a process with few sessions gets the heap history of one with many (row 9a).
    seedScratch: async (count) => {
      const scratch = new MemorySessionStore({ maxEntries: 200_000 });
      await seedSessions(scratch, Number(count));
      scratch.close();
      return { seeded: Number(count) };
    },
    storeSize: () => ({ size: store instanceof MemorySessionStore ? store.size : -1 }),
    gc: () => (globalThis as { gc?: () => void }).gc?.(),
  },
  async () => {
    for (const s of servers) await closeServer(s);
    if (store instanceof MemorySessionStore) store.close();
    await redis?.quit();
  },
);
