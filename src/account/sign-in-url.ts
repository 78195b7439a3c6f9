/** The signInGate redirect (PROTOCOL §1.1, seed 004). */
import type { ResolvedAccountOptions } from './options.js';
import type { LoginParams } from './login-params.js';

const prefixes = new WeakMap<ResolvedAccountOptions, string>();

/**
 * The signInGate URL for a fresh `state`. Everything but the state is fixed per configuration,
 * so it is built once and the state appended (base64url needs no escaping, but is escaped anyway).
 */
export function buildSignInUrl(options: ResolvedAccountOptions, state: string, params: LoginParams = {}): string {
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
  const plain = prefix + encodeURIComponent(state);
  if (Object.keys(params).length === 0) return plain;
  // Checked values (login-params.ts), each replacing a configured one of the same name.
  const url = new URL(plain);
  for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(key, value);
  return url.toString();
}
