/**
 * The scopes a Galaxy Store service account can hold (PROTOCOL §2.1, seed 001), and the one check
 * every caller uses before a scope list reaches a JWT or a cache key.
 */
import { SamsungAuthError } from '../errors.js';

/** `publishing`: Content Publish and IAP APIs. `gss`: Galaxy Store Statistics APIs. */
export type GalaxyScope = 'publishing' | 'gss';

/** Every scope Samsung knows, in a stable order. */
export const GALAXY_SCOPES: readonly GalaxyScope[] = Object.freeze(['publishing', 'gss']);

/**
 * True when `value` names a Galaxy scope.
 *
 * @example
 * ```ts
 * ['publishing', 'admin'].filter(isGalaxyScope); // ['publishing']
 * ```
 */
export function isGalaxyScope(value: unknown): value is GalaxyScope {
  return value === 'publishing' || value === 'gss';
}

/**
 * Checks a scope list: non-empty, only `publishing` / `gss`, no duplicates. Accepts an array or a
 * comma/space separated string (as typed on a command line). Returns a frozen copy in the order
 * given.
 *
 * @throws {@link SamsungAuthError} `JWT_INVALID_INPUT` naming what is wrong.
 * @example
 * ```ts
 * validateScopes('publishing,gss'); // ['publishing', 'gss']
 * ```
 */
export function validateScopes(scopes: unknown): readonly GalaxyScope[] {
  const list = typeof scopes === 'string' ? scopes.split(/[\s,]+/).filter((s) => s !== '') : scopes;
  if (!Array.isArray(list) || list.length === 0) {
    throw invalid('Scopes must be a non-empty list of "publishing" and/or "gss".');
  }
  const seen = new Set<GalaxyScope>();
  for (const scope of list as unknown[]) {
    if (!isGalaxyScope(scope)) {
      const shown = typeof scope === 'string' && /^[\w.-]{1,32}$/.test(scope) ? `"${scope}"` : 'a value';
      throw invalid(`Unknown scope ${shown}: only "publishing" and "gss" exist.`);
    }
    if (seen.has(scope)) throw invalid(`Scope "${scope}" is listed twice.`);
    seen.add(scope);
  }
  return Object.freeze([...seen]);
}

/**
 * A stable key for a scope set: sorted, so `gss,publishing` and `publishing,gss` share a token.
 *
 * @example
 * ```ts
 * scopesKey(['publishing', 'gss']); // 'gss publishing'
 * ```
 */
export function scopesKey(scopes: readonly GalaxyScope[]): string {
  return [...scopes].sort().join(' ');
}

function invalid(message: string): SamsungAuthError {
  return new SamsungAuthError('JWT_INVALID_INPUT', message, {
    status: 400,
    hint: 'Use the scopes chosen for the service account in Seller Portal (Assistance > API Service).',
  });
}
