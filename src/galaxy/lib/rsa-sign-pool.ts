/**
 * RS256 signatures for servers, off the event loop: a small pool of worker threads, one per core,
 * each signing with `node:crypto`.
 *
 * Why not libuv's threadpool (`crypto.sign` with a callback)? Two measured reasons (bench row 4):
 * its four threads outnumber the cores of a small machine, so the OS preempts the event loop in
 * the middle of a request (the p99 of a mint's synchronous stretch was a whole signature); and
 * it is the same pool `fs` and `dns.lookup` wait on, so a burst of mints would stall file reads
 * and DNS. Here the signing threads are as many as the cores and, on Linux, run at a lower
 * priority than the event loop (nice +10, per thread), so requests keep being served while
 * every core signs.
 *
 * Threads start on first use and stop after a while without work; they never keep a process
 * alive once nothing is waiting on them. A thread that dies fails only its own pending
 * signatures (`JWT_SIGN_FAILED`) and is replaced on the next call. If threads cannot be started
 * at all, signing falls back to the threadpool.
 */
import { sign, type KeyObject } from 'node:crypto';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { SamsungAuthError } from '../../errors.js';

/** Options of {@link RsaSignPool}. */
export interface RsaSignPoolOptions {
  /** Signing threads; default `os.availableParallelism()`. */
  size?: number;
  /** Niceness of the signing threads on Linux (0 to 19; ignored elsewhere); default 10. */
  niceness?: number;
  /** Threads stop after this long without work, ms; default 30,000. */
  idleMs?: number;
}

interface Job {
  resolve: (signature: string) => void;
  reject: (err: Error) => void;
}

interface Thread {
  worker: Worker;
  /** Jobs in the order they were posted: a thread answers in that order. */
  jobs: Job[];
  /** Ids of the keys this thread holds, least recently used first (mirrors the thread's cache). */
  keys: Map<number, true>;
}

/** Keys a thread keeps parsed; a key pushed out is simply sent again when next used. */
const KEYS_PER_THREAD = 16;

/**
 * The worker's code, plain CommonJS run with `eval`: no file to resolve (source, dist and
 * bundles alike) and no loader inherited (`execArgv: []`). In: `[keyId, input]` or
 * `[keyId, input, key]` the first time a key is used on this thread; out, in the same order: the
 * signature, or `{ error }`. Each thread parses its own copy of a key (from a DER export): with
 * one shared OpenSSL key, concurrent signatures serialize on its RSA blinding lock (measured: a
 * few percent per signature). The cache is evicted exactly as the pool's mirror of it is.
 */
const WORKER_SOURCE = `'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { createPrivateKey, sign } = require('node:crypto');
if (workerData.niceness > 0) {
  try { require('node:os').setPriority(workerData.niceness); } catch {}
}
const keys = new Map();
parentPort.on('message', ([keyId, input, shared]) => {
  try {
    let key = keys.get(keyId);
    if (shared) {
      key = createPrivateKey({ key: shared.export({ format: 'der', type: 'pkcs8' }), format: 'der', type: 'pkcs8' });
      keys.set(keyId, key);
      if (keys.size > ${KEYS_PER_THREAD}) keys.delete(keys.keys().next().value);
    } else {
      keys.delete(keyId);
      keys.set(keyId, key);
    }
    parentPort.postMessage(sign('sha256', Buffer.from(input), key).toString('base64url'));
  } catch (err) {
    parentPort.postMessage({ error: String((err && err.code) || 'ERR_SIGN') });
  }
});
`;

/** A pool of RS256 signing threads; see the module comment. */
export class RsaSignPool {
  readonly #size: number;
  readonly #niceness: number;
  readonly #idleMs: number;
  readonly #threads: Thread[] = [];
  readonly #keyIds = new WeakMap<KeyObject, number>();
  #nextKeyId = 1;
  #pending = 0;
  #idleTimer: NodeJS.Timeout | undefined;
  #threadsUnavailable = false;

  constructor(options: RsaSignPoolOptions = {}) {
    this.#size = Math.max(1, Math.floor(options.size ?? os.availableParallelism()));
    this.#niceness = Math.min(19, Math.max(0, Math.floor(options.niceness ?? 10)));
    this.#idleMs = options.idleMs ?? 30_000;
  }

  /** Signing threads running now. */
  get threads(): number {
    return this.#threads.length;
  }

  /** The base64url RS256 signature of `input` (SHA-256 with PKCS#1 v1.5), computed off the event loop. */
  sign(input: string, key: KeyObject): Promise<string> {
    const thread = this.#pick();
    if (!thread) return signOnThreadpool(input, key);
    let keyId = this.#keyIds.get(key);
    if (keyId === undefined) this.#keyIds.set(key, (keyId = this.#nextKeyId++));
    const known = thread.keys.delete(keyId);
    return new Promise<string>((resolve, reject) => {
      try {
        thread.worker.postMessage(known ? [keyId, input] : [keyId, input, key]);
      } catch (err) {
        reject(signFailed('The key could not be handed to a signing thread.', err));
        return;
      }
      thread.keys.set(keyId, true);
      if (thread.keys.size > KEYS_PER_THREAD) thread.keys.delete(thread.keys.keys().next().value!);
      thread.jobs.push({ resolve, reject });
      if (this.#pending++ === 0) this.#busy();
    });
  }

  /** Stops every thread now; pending signatures fail with `JWT_SIGN_FAILED`. Later calls start new threads. */
  async close(): Promise<void> {
    clearTimeout(this.#idleTimer);
    const threads = this.#threads.splice(0);
    for (const thread of threads) this.#fail(thread, 'The JWT signing threads were stopped.');
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }

  /** The least busy thread; a new one while some are busy and the pool is not full. */
  #pick(): Thread | undefined {
    let best: Thread | undefined;
    for (const thread of this.#threads) {
      if (!best || thread.jobs.length < best.jobs.length) best = thread;
    }
    if ((!best || best.jobs.length > 0) && this.#threads.length < this.#size && !this.#threadsUnavailable) {
      return this.#start() ?? best;
    }
    return best;
  }

  #start(): Thread | undefined {
    let worker: Worker;
    try {
      worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], workerData: { niceness: process.platform === 'linux' ? this.#niceness : 0 } });
    } catch {
      this.#threadsUnavailable = true;
      return undefined;
    }
    const thread: Thread = { worker, jobs: [], keys: new Map() };
    worker.on('message', (answer: string | { error: string }) => {
      const job = thread.jobs.shift();
      if (!job) return;
      if (typeof answer === 'string') job.resolve(answer);
      else job.reject(signFailed(`The RSA signature failed (${answer.error}).`));
      if (--this.#pending === 0) this.#idle();
    });
    const lost = () => {
      const index = this.#threads.indexOf(thread);
      if (index !== -1) this.#threads.splice(index, 1);
      this.#fail(thread, 'The JWT signing thread stopped unexpectedly.');
    };
    worker.on('error', lost);
    worker.on('exit', lost);
    this.#threads.push(thread);
    if (this.#pending === 0) worker.unref();
    return thread;
  }

  #fail(thread: Thread, message: string): void {
    const jobs = thread.jobs.splice(0);
    for (const job of jobs) {
      job.reject(signFailed(message));
      if (--this.#pending === 0) this.#idle();
    }
  }

  /** Work is waiting: the threads keep the process alive until it is done. */
  #busy(): void {
    clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
    for (const thread of this.#threads) thread.worker.ref();
  }

  /** Nothing is waiting: let the process exit, and stop the threads if no work comes for a while. */
  #idle(): void {
    for (const thread of this.#threads) thread.worker.unref();
    clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => void this.close(), this.#idleMs).unref();
  }
}

function signOnThreadpool(input: string, key: KeyObject): Promise<string> {
  return new Promise((resolve, reject) => {
    sign('sha256', Buffer.from(input), key, (err, signature) => {
      if (err) reject(signFailed(`The RSA signature failed (${(err as NodeJS.ErrnoException).code ?? 'unknown error'}).`));
      else resolve(signature.toString('base64url'));
    });
  });
}

function signFailed(message: string, cause?: unknown): SamsungAuthError {
  return new SamsungAuthError('JWT_SIGN_FAILED', message, {
    status: 500,
    hint: 'Try again; if it keeps failing, check the process has memory and threads to spare.',
    cause,
  });
}
