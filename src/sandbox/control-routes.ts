/**
 * Test control over HTTP (`/__sandbox/counters`, `/__sandbox/faults`, `/__sandbox/reset`), for
 * tests that run the sandbox in another process. A control call must carry the sandbox's control
 * token (`x-sandbox-control-token`, given to tests by `startSandbox()` and printed by the
 * command) and a Host header naming a loopback host or the sandbox's own public host: a page on
 * another site, DNS rebinding included, can neither inject a fault nor read the counters.
 */
import { timingSafeEqual } from 'node:crypto';
import express, { type RequestHandler } from 'express';
import { isLoopbackHost } from '../config/url-rules.js';
import type { Counters } from './counters.js';
import { faultRuleProblem } from './fault-limits.js';
import type { FaultRule, Faults } from './faults.js';

export const CONTROL_TOKEN_HEADER = 'x-sandbox-control-token';

function refuse(res: express.Response, status: number, message: string): void {
  res.status(status).json({ code: status === 403 ? 'FORBIDDEN' : 'BAD_REQUEST', message, from: 'sandbox' });
}

/** The control token and the Host header, checked before anything else. */
function guard(controlToken: string, publicHost: string): RequestHandler {
  const expected = Buffer.from(controlToken);
  return (req, res, next) => {
    const host = (req.get('host') ?? '').toLowerCase();
    const hostname = host.replace(/:\d+$/, '');
    if (!(isLoopbackHost(hostname) || host === publicHost)) return refuse(res, 403, 'Control calls must name a loopback host (or the sandbox\'s public host) in Host');
    const sent = Buffer.from(req.get(CONTROL_TOKEN_HEADER) ?? '');
    if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) {
      return refuse(res, 403, `Control calls need the sandbox's control token in ${CONTROL_TOKEN_HEADER}`);
    }
    next();
  };
}

export function controlRoutes(options: { counters: Counters; faults: Faults; controlToken: string; publicUrl: string; reset: () => void }): express.Router {
  const router = express.Router();
  router.use('/__sandbox', guard(options.controlToken, new URL(options.publicUrl).host.toLowerCase()));
  router.get('/__sandbox/counters', (_req, res) => {
    res.json(options.counters.snapshot());
  });
  router.post('/__sandbox/faults', express.json({ limit: '32kb' }), (req, res) => {
    const problem = faultRuleProblem(req.body);
    if (problem) return refuse(res, 400, `Expected {"route", "fault", "times"?}: ${problem}`);
    options.faults.add(req.body as FaultRule);
    res.status(204).end();
  });
  router.post('/__sandbox/reset', (_req, res) => {
    options.reset();
    res.status(204).end();
  });
  return router;
}
