/**
 * Per-login signInGate parameters (PROTOCOL §1.1, observed): `locale`, `countryCode`, `prompt`.
 * They come from the browser's query string, so each is checked strictly and dropped when it
 * does not fit, never passed through as it came.
 */
export interface LoginParams {
  locale?: string;
  countryCode?: string;
  prompt?: string;
}

const RULES: Record<keyof LoginParams, RegExp> = {
  locale: /^[a-z]{2}([_-][A-Z]{2})?$/,
  countryCode: /^[A-Z]{2,3}$/,
  prompt: /^(login|none|consent|select_account)$/,
};

/**
 * The valid ones of `input`; the others are left out.
 *
 * @example
 * ```ts
 * checkLoginParams({ locale: 'ko', countryCode: 'KR', prompt: '"><script>' }); // { locale: 'ko', countryCode: 'KR' }
 * ```
 */
export function checkLoginParams(input: Partial<Record<keyof LoginParams, unknown>>): LoginParams {
  const out: LoginParams = {};
  for (const key of Object.keys(RULES) as (keyof LoginParams)[]) {
    const value = input[key];
    if (typeof value === 'string' && RULES[key].test(value)) out[key] = value;
  }
  return out;
}
