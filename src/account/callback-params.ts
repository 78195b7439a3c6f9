/**
 * Reads the callback's query string strictly: each OAuth parameter at most once, as a plain
 * string. Express's query parser would turn `state=a&state=b` into an array and `state[x]=a`
 * into an object; RFC 6749 §3.1 says parameters must not be included more than once.
 */
import { SamsungAuthError } from '../errors.js';

export interface CallbackParams {
  code?: string;
  state?: string;
  error?: string;
  errorDescription?: string;
  /** Observed: host of the token endpoint (attacker-controlled; see PROTOCOL §1.2). */
  authServerUrl?: string;
  /** Observed: host of the profile API. */
  apiServerUrl?: string;
}

const SINGLE = ['code', 'state', 'error', 'error_description', 'auth_server_url', 'api_server_url'] as const;

/** Everything after the first `?` of a request target (a later `?` belongs to the query). */
export function rawQuery(originalUrl: string): string {
  const i = originalUrl.indexOf('?');
  return i < 0 ? '' : originalUrl.slice(i + 1);
}

/** A query parameter given exactly once, as a string; undefined when absent or repeated. */
export function singleQueryValue(rawQuery: string, name: string): string | undefined {
  const all = new URLSearchParams(rawQuery).getAll(name);
  return all.length === 1 ? all[0] : undefined;
}

export function parseCallbackParams(rawQuery: string): CallbackParams {
  const params = new URLSearchParams(rawQuery);
  for (const key of SINGLE) {
    if (params.getAll(key).length > 1) {
      throw new SamsungAuthError('CALLBACK_INVALID', `The sign-in callback carried "${key}" more than once.`, {
        status: 400,
        hint: 'Start the sign-in again from the portal.',
      });
    }
  }
  const get = (k: (typeof SINGLE)[number]) => {
    const v = params.get(k);
    return v === null || v === '' ? undefined : v;
  };
  const out: CallbackParams = {};
  const assign = <K extends keyof CallbackParams>(key: K, v: string | undefined) => {
    if (v !== undefined) out[key] = v;
  };
  assign('code', get('code'));
  assign('state', get('state'));
  assign('error', get('error'));
  assign('errorDescription', get('error_description'));
  assign('authServerUrl', get('auth_server_url'));
  assign('apiServerUrl', get('api_server_url'));
  return out;
}
