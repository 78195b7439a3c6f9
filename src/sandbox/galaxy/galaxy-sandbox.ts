/**
 * The Galaxy Store part of the sandbox (PROTOCOL §2, §3) mounts here. This commit carries only
 * the contract sandbox.ts relies on; the Galaxy server lands with the Galaxy toolkit.
 */
import express from 'express';
import type { Counters } from '../counters.js';
import type { Faults } from '../faults.js';

export interface GalaxySandboxContext {
  publicUrl: string;
  counters: Counters;
  faults: Faults;
  /** Where the demo service account's key and descriptor go; a temporary folder when omitted. */
  dataDir: string | undefined;
  /** Samsung user ids of the sandbox's demo users (the portal makes them operators). */
  operators: readonly string[];
}

export interface DemoServiceAccount {
  id: string;
  name: string;
  privateKeyFile: string;
  scopes: readonly ('publishing' | 'gss')[];
}

export interface GalaxySandbox {
  router: express.Router;
  demoServiceAccount: DemoServiceAccount;
}

export async function createGalaxySandbox(ctx: GalaxySandboxContext): Promise<GalaxySandbox> {
  void ctx;
  return {
    router: express.Router(),
    demoServiceAccount: { id: 'demo-service-account', name: 'Demo', privateKeyFile: '', scopes: ['publishing'] },
  };
}
