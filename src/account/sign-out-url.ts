/** The signOutGate redirect (PROTOCOL §1.4). */
import { randomBytes } from 'node:crypto';
import type { ResolvedAccountOptions } from './options.js';

export function buildSignOutUrl(options: ResolvedAccountOptions): string {
  const url = new URL(options.signOutGateUrl);
  url.searchParams.set('client_id', options.clientId);
  // signOutGate echoes nothing we verify; a fresh opaque value satisfies the observed contract.
  url.searchParams.set('state', randomBytes(16).toString('base64url'));
  url.searchParams.set('signOutURL', options.signOutUrl);
  return url.toString();
}
