import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SessionData } from 'express-session';
import { LRU_RESOLUTION_MS, MemorySessionStore } from '../../src/stores/memory-session-store.js';

function data(expires: number): SessionData {
  return { cookie: { originalMaxAge: 1000, expires: new Date(expires) } } as unknown as SessionData;
}
const get = (store: MemorySessionStore, sid: string) =>
  new Promise<SessionData | null | undefined>((resolve, reject) => store.get(sid, (err, s) => (err ? reject(err) : resolve(s))));

describe('MemorySessionStore', () => {
  it('evicts the least recently used session beyond its bound', async () => {
    let now = 0;
    const store = new MemorySessionStore({ maxEntries: 3, maxAnonymousEntries: 3, now: () => now });
    try {
      for (const sid of ['a', 'b', 'c']) store.set(sid, data(10_000));
      assert.ok(await get(store, 'a'));
      now = LRU_RESOLUTION_MS;
      store.touch('a', data(10_000)); // a is now most recent
      store.set('d', data(10_000));
      assert.equal(store.size, 3);
      assert.equal(await get(store, 'b'), null, 'b was least recently used');
      assert.ok(await get(store, 'a'));
      assert.equal(store.evicted, 1);
    } finally {
      store.close();
    }
  });

  it('evicts exactly the least recently used through 20,000 sets, touches and destroys (a model LRU beside it)', async () => {
    let now = 0;
    const store = new MemorySessionStore({ maxEntries: 50, maxAnonymousEntries: 50, now: () => now });
    const model: string[] = []; // least recently used first
    const use = (sid: string) => {
      const i = model.indexOf(sid);
      if (i !== -1) model.splice(i, 1);
      model.push(sid);
    };
    try {
      let seed = 7;
      const random = (n: number) => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % n);
      for (let step = 0; step < 20_000; step++) {
        now += LRU_RESOLUTION_MS; // every touch moves
        const sid = `s${random(120)}`;
        const op = random(10);
        if (op < 5) {
          store.set(sid, data(1e12));
          use(sid);
          if (model.length > 50) model.shift();
        } else if (op < 9) {
          store.touch(sid, data(1e12));
          if (model.includes(sid)) use(sid);
        } else {
          store.destroy(sid);
          if (model.includes(sid)) model.splice(model.indexOf(sid), 1);
        }
      }
      assert.equal(store.size, model.length);
      for (let i = 0; i < 120; i++) assert.equal(Boolean(await get(store, `s${i}`)), model.includes(`s${i}`), `s${i}`);
    } finally {
      store.close();
    }
  });

  it('keeps its eviction order when the clock is set back', async () => {
    let now = 10_000;
    const store = new MemorySessionStore({ maxEntries: 3, maxAnonymousEntries: 3, now: () => now });
    try {
      for (const sid of ['a', 'b', 'c']) store.set(sid, data(100_000));
      now = 0; // set back: 'a' was last moved "in the future"
      store.touch('a', data(100_000));
      store.set('d', data(100_000));
      assert.equal(await get(store, 'b'), null, 'b was least recently used');
      assert.ok(await get(store, 'a'));
    } finally {
      store.close();
    }
  });

  it('keeps anonymous sessions in a budget of their own: a flood of logins never evicts a signed-in session', async () => {
    const store = new MemorySessionStore({ maxEntries: 10, maxAnonymousEntries: 5 });
    try {
      const signedIn = { ...data(Date.now() + 60_000), samsungAuth: { user: { id: 'u' } } } as unknown as SessionData;
      store.set('user', signedIn);
      for (let i = 0; i < 1000; i++) store.set(`anon${i}`, data(Date.now() + 60_000));
      assert.ok(await get(store, 'user'), 'the signed-in session survived');
      assert.equal(store.size, 6);
      assert.equal(await get(store, 'anon0'), null);
      assert.ok(await get(store, 'anon999'));
      store.set('anon999', signedIn); // signing in moves a session to the signed-in budget
      for (let i = 0; i < 10; i++) store.set(`more${i}`, data(Date.now() + 60_000));
      assert.ok(await get(store, 'anon999'));
    } finally {
      store.close();
    }
  });

  it('touch moves the expiry to the one the session now carries (the idle timeout slides)', async () => {
    let now = 0;
    const store = new MemorySessionStore({ now: () => now });
    try {
      store.set('s', data(1000));
      now = 500;
      store.touch('s', data(2500));
      now = 1500;
      assert.ok(await get(store, 's'), 'alive past its first expiry');
      now = 2500;
      assert.equal(await get(store, 's'), null, 'gone at the new one');
    } finally {
      store.close();
    }
  });

  it('treats expired sessions as gone and prunes them', async () => {
    let now = 0;
    const store = new MemorySessionStore({ now: () => now });
    try {
      store.set('x', data(1000));
      store.set('y', data(5000));
      now = 2000;
      assert.equal(await get(store, 'x'), null);
      store.prune();
      assert.equal(store.size, 1);
      now = 6000;
      store.prune();
      assert.equal(store.size, 0);
    } finally {
      store.close();
    }
  });

  it('returns copies: mutating a loaded session does not change the stored one', async () => {
    const store = new MemorySessionStore();
    try {
      const s = data(Date.now() + 10_000) as SessionData & { n?: number };
      s.n = 1;
      store.set('k', s);
      const loaded = (await get(store, 'k')) as SessionData & { n?: number };
      loaded.n = 2;
      assert.equal(((await get(store, 'k')) as SessionData & { n?: number }).n, 1);
    } finally {
      store.close();
    }
  });
});
