/**
 * Fault injection, for tests of how clients behave when Samsung is slow or broken. A rule names a
 * route (the same names as the counters, e.g. `account.token`, `galaxy.accessToken`) and a fault;
 * it applies to the next `times` requests of that route (default 1). Rules are set in-process
 * through the handle or over HTTP at `POST /__sandbox/faults`.
 */
import type { Request, Response, NextFunction, RequestHandler } from 'express';
import { faultRuleProblem } from './fault-limits.js';

export type Fault =
  /** Wait, then answer normally. */
  | { kind: 'delay'; ms: number }
  /** Never answer (until the client gives up or the sandbox closes). */
  | { kind: 'hang' }
  /** Answer with this status and JSON body (default: a 500 error body). */
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  /** Answer with this status and this text as it is, e.g. a hostile XML document. */
  | { kind: 'text'; status: number; contentType: string; body: string }
  /** Answer 200 with a body that is not JSON. */
  | { kind: 'malformed' }
  /** Destroy the connection without an answer. */
  | { kind: 'drop' }
  /** Answer 200 JSON, one byte per `intervalMs`. */
  | { kind: 'slow-body'; intervalMs?: number }
  /** Answer with a redirect elsewhere. */
  | { kind: 'redirect'; status?: number; location: string }
  /** Answer 200 with a body of this many bytes. */
  | { kind: 'huge-body'; bytes: number }
  /** Make the change as usual, then destroy the connection instead of answering (a lost answer). */
  | { kind: 'lose-answer' }
  /** Read the request body slowly: wait this long before each chunk (uploads: a slow upload). */
  | { kind: 'slow-read'; chunkDelayMs: number };

/** A fault to inject into a sandbox route (e.g. `account.token`, `account.signInGate`), {@link Sandbox.addFault}. */
export interface FaultRule {
  route: string;
  fault: Fault;
  /** How many requests it applies to; default 1. `Infinity` (or -1 over HTTP) until cleared. */
  times?: number;
}

interface ActiveRule {
  fault: Fault;
  remaining: number;
}

export class Faults {
  readonly #rules = new Map<string, ActiveRule[]>();
  readonly #hanging = new Set<Response>();

  /** Adds a rule; a fault beyond the sandbox's bounds (fault-limits.ts) throws a RangeError. */
  add(rule: FaultRule): void {
    const problem = faultRuleProblem(rule);
    if (problem) throw new RangeError(`sandbox fault: ${problem}`);
    const times = rule.times === undefined ? 1 : rule.times < 0 ? Infinity : rule.times;
    const list = this.#rules.get(rule.route) ?? [];
    list.push({ fault: rule.fault, remaining: times });
    this.#rules.set(rule.route, list);
  }

  clear(): void {
    this.#rules.clear();
    this.releaseHanging();
  }

  /** Ends requests held by `hang` faults (on clear and on close). */
  releaseHanging(): void {
    for (const res of this.#hanging) res.socket?.destroy();
    this.#hanging.clear();
  }

  #take(route: string): Fault | undefined {
    const list = this.#rules.get(route);
    const rule = list?.[0];
    if (!list || !rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) list.shift();
    if (list.length === 0) this.#rules.delete(route);
    return rule.fault;
  }

  /** Express middleware: applies the next fault for `route`, if any, else passes on. */
  middleware(route: string): RequestHandler {
    return (req: Request, res: Response, next: NextFunction) => {
      const fault = this.#take(route);
      if (!fault) return next();
      this.#apply(fault, req, res, next);
    };
  }

  #apply(fault: Fault, _req: Request, res: Response, next: NextFunction): void {
    switch (fault.kind) {
      case 'delay':
        setTimeout(next, fault.ms);
        return;
      case 'hang':
        this.#hanging.add(res);
        res.on('close', () => this.#hanging.delete(res));
        return;
      case 'status':
        res
          .status(fault.status)
          .set(fault.headers ?? {})
          .json('body' in fault ? fault.body : { code: 'INTERNAL_SERVER_ERROR', message: 'Injected fault', from: 'sandbox' });
        return;
      case 'text':
        res.status(fault.status).type(fault.contentType).send(fault.body);
        return;
      case 'malformed':
        res.status(200).type('application/json').send('{"ok": tru');
        return;
      case 'drop':
        res.socket?.destroy();
        return;
      case 'slow-body': {
        const body = Buffer.from('{"ok":true}');
        const interval = fault.intervalMs ?? 1000;
        res.status(200).type('application/json');
        res.setHeader('content-length', String(body.length));
        let i = 0;
        const timer = setInterval(() => {
          if (i >= body.length || res.destroyed) {
            clearInterval(timer);
            if (!res.destroyed) res.end();
            return;
          }
          res.write(body.subarray(i, i + 1));
          i += 1;
        }, interval);
        res.on('close', () => clearInterval(timer));
        return;
      }
      case 'redirect':
        res.redirect(fault.status ?? 302, fault.location);
        return;
      case 'lose-answer':
        // The route runs (the change is made); whatever it answers never leaves.
        res.end = (() => {
          res.socket?.destroy();
          return res;
        }) as Response['end'];
        next();
        return;
      case 'slow-read':
        res.locals.sandboxSlowReadMs = fault.chunkDelayMs;
        next();
        return;
      case 'huge-body':
        res.status(200).type('application/json').send(`{"pad":"${'x'.repeat(Math.max(0, fault.bytes - 10))}"}`);
        return;
    }
  }
}
