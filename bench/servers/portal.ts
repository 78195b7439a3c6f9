/**
 * One portal (createPortalApp, memory store) in a child process, pointed at the parent's sandbox
 * (BENCH_SANDBOX_ENV). Its calls to the token endpoint are timed, so the time spent in the
 * sandbox during sign-ins is known (`tokenCalls`). With BENCH_STUB_TOKEN=1 the token endpoint is
 * answered in-process instead (row 6: many sessions quickly, Samsung's part not under test).
 */
import { randomBytes } from 'node:crypto';
import { createPortalApp } from '../../src/web/app.js';
import { MemorySessionStore } from '../../src/stores/memory-session-store.js';
import type { FetchLike } from '../../src/http/request.js';
import { serveParent } from '../lib/child.js';
import { closeServer, listen, portalConfig, type SandboxEnv } from '../lib/portal.js';

const env = JSON.parse(process.env.BENCH_SANDBOX_ENV ?? '{}') as SandboxEnv;
const stub = process.env.BENCH_STUB_TOKEN === '1';

let tokenCalls = 0;
let tokenMs = 0;
const timedFetch: FetchLike = async (input, init) => {
  const started = performance.now();
  try {
    if (stub) {
      // Seed 004's answer, as the sandbox gives it.
      return new Response(
        JSON.stringify({
          token_type: 'Bearer',
          access_token: randomBytes(24).toString('base64url'),
          access_token_expires_in: 3600,
          expires_in: 3600,
          refresh_token: -1,
          refresh_token_expires_in: -1,
          userId: 'bench-user',
        }),
        { status: 200, headers: { 'content-type': 'application/json' } },
      );
    }
    const res = await fetch(input, init);
    const body = await res.arrayBuffer();
    return new Response(body, { status: res.status, headers: res.headers });
  } finally {
    tokenCalls++;
    tokenMs += performance.now() - started;
  }
};

const portal = await listen();
const store = new MemorySessionStore({ maxEntries: 200_000 });
const config = portalConfig(portal.url, portal.port, env);
portal.handle(createPortalApp(config, { sessionStore: store, fetch: timedFetch }));

serveParent(
  { url: portal.url },
  {
    tokenCalls: () => ({ calls: tokenCalls, ms: tokenMs }),
    storeSize: () => ({ size: store.size, evicted: store.evicted }),
    memory: () => {
      (globalThis as { gc?: () => void }).gc?.();
      return process.memoryUsage();
    },
  },
  async () => {
    await closeServer(portal.server);
    store.close();
  },
);
