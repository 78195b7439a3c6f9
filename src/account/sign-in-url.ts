/** The signInGate redirect (PROTOCOL §1.1, seed 004). */
import type { ResolvedAccountOptions } from './options.js';

const prefixes = new WeakMap<ResolvedAccountOptions, string>();

/**
 * The signInGate URL for a fresh `state`. Everything but the state is fixed per configuration,
 * so it is built once and the state appended (base64url needs no escaping, but is escaped anyway).
 */
export function buildSignInUrl(options: ResolvedAccountOptions, state: string): string {
  let prefix = prefixes.get(options);
  if (prefix === undefined) {
    const url = new URL(options.signInUrl);
    url.searchParams.set('client_id', options.clientId);
    // Seed 004: "this should always be set to CODE" (upper case, unlike RFC 6749's "code").
    url.searchParams.set('response_type', options.responseType);
    url.searchParams.set('redirect_uri', options.redirectUri);
    for (const [key, value] of Object.entries(options.authorizationParams)) url.searchParams.set(key, value);
    prefix = `${url.toString()}&state=`;
    prefixes.set(options, prefix);
  }
  return prefix + encodeURIComponent(state);
}
