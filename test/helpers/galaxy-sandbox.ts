/**
 * Starts the whole sandbox on 127.0.0.1 (port 0) for Galaxy tests, with helpers to register more
 * service accounts and to call it over real HTTP.
 */
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/sandbox.js';
import type { GalaxyScope } from '../../src/galaxy/galaxy-scopes.js';
import { makeRsaKey, type TestRsaKey } from './galaxy-keys.js';

export interface GalaxyTestSandbox {
  sandbox: Sandbox;
  url: string;
  demoId: string;
  demoKeyFile: string;
  /** Registers a new service account with a fresh key; returns its id and key. */
  addAccount(scopes: GalaxyScope[], id?: string): { id: string; key: TestRsaKey };
  close(): Promise<void>;
}

let counter = 0;

export async function startGalaxySandbox(options: Pick<SandboxOptions, 'dataDir' | 'newGalaxyAccessToken'> = {}): Promise<GalaxyTestSandbox> {
  const sandbox = await startSandbox(options);
  const demo = sandbox.galaxy.demoServiceAccount;
  return {
    sandbox,
    url: sandbox.galaxyUrl,
    demoId: demo.id,
    demoKeyFile: demo.privateKeyFile,
    addAccount(scopes, id = `test-account-${process.pid}-${++counter}`) {
      const key = makeRsaKey();
      sandbox.galaxy.registerServiceAccount({ id, publicKey: key.publicKey, scopes });
      return { id, key };
    },
    close: () => sandbox.close(),
  };
}

/** A raw HTTP call to the sandbox, for asserting exact answers. */
export async function rawCall(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: unknown; text: string; headers: Headers }> {
  const res = await fetch(url, { method: init.method ?? 'GET', headers: init.headers, body: init.body, redirect: 'manual' });
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, body, text, headers: res.headers };
}
