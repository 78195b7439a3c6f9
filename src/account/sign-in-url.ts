/** The signInGate redirect (PROTOCOL §1.1, seed 004). */
import type { ResolvedAccountOptions } from './options.js';

export function buildSignInUrl(options: ResolvedAccountOptions, state: string): string {
  const url = new URL(options.signInUrl);
  url.searchParams.set('client_id', options.clientId);
  // Seed 004: "this should always be set to CODE" (upper case, unlike RFC 6749's "code").
  url.searchParams.set('response_type', options.responseType);
  url.searchParams.set('redirect_uri', options.redirectUri);
  url.searchParams.set('state', state);
  for (const [key, value] of Object.entries(options.authorizationParams)) url.searchParams.set(key, value);
  return url.toString();
}
