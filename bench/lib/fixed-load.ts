/**
 * A fixed number of requests over a few kept-alive connections, done the moment the last answer
 * is in. autocannon (load.ts) stops only on its one-second tick, however few requests it was
 * given, which rules out rounds shorter than a second; this does not, and its connections stay
 * open between rounds (a round does not pay for connecting).
 */
import http from 'node:http';
import type { LoadTarget } from './load.js';

export interface Loader {
  /** Sends `amount` requests, `connections` at a time; every answer must have the expected status. */
  fire(amount: number): Promise<{ requests: number; seconds: number }>;
  close(): void;
}

export function loader(target: LoadTarget, connections: number): Loader {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const url = new URL(target.url);
  const headers = { ...target.headers, connection: 'keep-alive' };
  const one = () =>
    new Promise<number>((resolve, reject) => {
      const req = http.get({ agent, host: url.hostname, port: url.port, path: url.pathname + url.search, headers }, (res) => {
        res.on('data', () => {});
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      });
      req.setTimeout(10_000, () => req.destroy(new Error(`${target.name}: no answer within 10 s`)));
      req.on('error', reject);
    });
  return {
    async fire(amount) {
      let sent = 0;
      const wrong = new Map<number, number>();
      const started = performance.now();
      await Promise.all(
        Array.from({ length: connections }, async () => {
          while (sent < amount) {
            sent++;
            const status = await one();
            if (status !== target.expectStatus) wrong.set(status, (wrong.get(status) ?? 0) + 1);
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      if (wrong.size) throw new Error(`${target.name}: expected every answer to be ${target.expectStatus}; got ${JSON.stringify(Object.fromEntries(wrong))}`);
      return { requests: amount, seconds };
    },
    close: () => agent.destroy(),
  };
}
