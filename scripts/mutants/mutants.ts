/**
 * The mutants of `npm run mutants`: each removes one protection with a small source change, and
 * names the tests that must then fail. A new protection brings its mutant.
 */
export interface Mutant {
  /** Short name, also the filter of `npm run mutants -- NAME`. */
  name: string;
  /** The protection the change removes, in a few words. */
  removes: string;
  /** File to change, relative to the project root. */
  file: string;
  /** Text that must occur exactly once in the file... */
  find: string;
  /** ...and what it becomes. */
  replace: string;
  /** The test files that guard the protection. */
  tests: string[];
  /** Only the tests whose names match (node --test-name-pattern), to keep a run short. */
  testNamePattern?: string;
}

export const MUTANTS: Mutant[] = [
  {
    name: 'return-to-resolved-path',
    removes: 'returnTo checked after the URL parser resolved dot segments (issue 13 #1)',
    file: 'src/account/return-to.ts',
    find: 'return isSameOriginPath(path) ? path : fallback;',
    replace: 'return path;',
    tests: ['test/account/return-to.test.ts', 'test/security/redirects.test.ts'],
  },
  {
    name: 'return-to-not-checked',
    removes: 'returnTo collapsed to a same-origin path at all',
    file: 'src/account/return-to.ts',
    find: "if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return fallback;",
    replace: "if (typeof value === 'string') return value;",
    tests: ['test/security/redirects.test.ts'],
  },
  {
    name: 'sandbox-needs-explicit-flag-in-production',
    removes: 'sandbox mode by default only outside production (issue 13 #2)',
    file: 'src/config/load-config.ts',
    find: "const sandboxEnabled = sandboxAsked || (sandboxByDefault && nodeEnv !== 'production');",
    replace: 'const sandboxEnabled = sandboxAsked || sandboxByDefault;',
    tests: ['test/config/load-config.test.ts'],
  },
  {
    name: 'sandbox-refuses-real-settings',
    removes: 'sandbox mode refusing real service accounts, token key and a remote Redis (issue 13 #2)',
    file: 'src/config/load-config.ts',
    find: '  if (sandboxEnabled) problems.push(...realSettingsInSandbox(env, redisUrl));',
    replace: '',
    tests: ['test/config/load-config.test.ts'],
  },
  {
    name: 'breaker-per-host',
    removes: 'one circuit breaker per token host (issue 13 #3)',
    file: 'src/http/circuit-breakers.ts',
    find: '    if (origin === this.#primaryOrigin) return this.#primary;',
    replace: '    return this.#primary;',
    tests: ['test/scale/upstream-faults.test.ts'],
    testNamePattern: 'one breaker per token host',
  },
  {
    name: 'auth-host-allowlist',
    removes: 'the allowlist of callback-named token hosts',
    file: 'src/account/region-hosts.ts',
    find: 'hostMatches(host.replace(/^\\[|\\]$/g, \'\'), allowlist) &&',
    replace: '',
    tests: ['test/web/callback-failures.test.ts'],
    testNamePattern: 'auth_server_url',
  },
  {
    name: 'redis-session-bound-to-key',
    removes: 'Redis session values bound to their key (issue 13 #4)',
    file: 'src/stores/redis-session-store.ts',
    find: '  return `session|${key}`;',
    replace: "  return key === '' ? key : 'session';",
    tests: ['test/scale/redis-stores.test.ts'],
    testNamePattern: 'bound to their key',
  },
  {
    name: 'get-never-mints',
    removes: 'a read uses only an existing token, never mints one (issue 13 #5)',
    file: 'src/portal/galaxy-portal.ts',
    find: '    if (!record) {\n      throw new SamsungAuthError(\'NO_CURRENT_TOKEN\', \'This account has no live access token; a read never mints one.\'',
    replace: '    if (!record) {\n      return { result: await fn(new GalaxyApiClient({ ...this.#options.connection, serviceAccountId: account.id, accessToken: this.#managers.get(account.id)! })), fingerprint: \'\' };\n      throw new SamsungAuthError(\'NO_CURRENT_TOKEN\', \'This account has no live access token; a read never mints one.\'',
    tests: ['test/web/galaxy-portal.test.ts'],
    testNamePattern: 'a GET never mints',
  },
  {
    name: 'reads-rate-limited',
    removes: 'the per-user limit on reads that call Galaxy Store (issue 13 #5)',
    file: 'src/portal/galaxy-portal.ts',
    find: "const limiter = kind === 'ops' ? this.#options.rateLimiter : this.#options.readRateLimiter;",
    replace: "const limiter = kind === 'ops' ? this.#options.rateLimiter : undefined;",
    tests: ['test/security/rate-limits.test.ts'],
  },
  {
    name: 'token-ops-rate-limited',
    removes: 'the per-user limit on mint and revoke',
    file: 'src/portal/galaxy-portal.ts',
    find: "const limiter = kind === 'ops' ? this.#options.rateLimiter : this.#options.readRateLimiter;",
    replace: "const limiter = kind === 'ops' ? undefined : this.#options.readRateLimiter;",
    tests: ['test/security/rate-limits.test.ts'],
  },
  {
    name: 'operator-check',
    removes: 'the operator check on every Galaxy account route (deny by default)',
    file: 'src/portal/galaxy-portal.ts',
    find: '    if (account && account.operators.includes(userId)) return account;',
    replace: '    if (account) return account;',
    tests: ['test/web/galaxy-portal.test.ts'],
    testNamePattern: 'operates nothing',
  },
  {
    name: 'forbidden-audited',
    removes: 'a refused authorization is audited and logged (issue 13 #10)',
    file: 'src/portal/galaxy-portal.ts',
    find: '    if (account && account.operators.includes(userId)) return account;',
    replace: '    if (account && account.operators.includes(userId)) return account;\n    if (userId) throw forbidden(userId);',
    tests: ['test/web/galaxy-portal.test.ts'],
    testNamePattern: 'operates nothing',
  },
  {
    name: 'sign-in-rate-limited',
    removes: 'the per-client limit on /auth/login and /auth/callback (issue 13 #6)',
    file: 'src/web/auth-router.ts',
    find: "const verdict = await limiter?.hit(`signin|${route}|${req.ip ?? 'unknown'}`);",
    replace: 'const verdict = route ? undefined : await limiter?.hit(route);',
    tests: ['test/security/rate-limits.test.ts'],
    testNamePattern: 'sign-in attempts',
  },
  {
    name: 'pending-login-short-lived',
    removes: 'an anonymous pending sign-in lasting only the state lifetime (issue 13 #6)',
    file: 'src/web/auth-router.ts',
    find: 'if (!data.user) req.session.cookie.maxAge = (account.stateTtlSeconds + PENDING_GRACE_SECONDS) * 1000;',
    replace: '',
    tests: ['test/security/rate-limits.test.ts'],
    testNamePattern: 'short-lived',
  },
  {
    name: 'state-consumed',
    removes: 'a state is single use (taken out of the session before the token call)',
    file: 'src/web/auth-router.ts',
    find: '        data.pending = taken.pending;',
    replace: '',
    tests: ['test/security/state.test.ts'],
    testNamePattern: 'single use',
  },
  {
    name: 'state-compared',
    removes: "the callback's state compared with the one this browser started",
    file: 'src/account/login-state.ts',
    find: 'return have.length === wanted.length && timingSafeEqual(have, wanted);',
    replace: 'return have.length === wanted.length;',
    tests: ['test/security/state.test.ts'],
  },
  {
    name: 'session-regenerated-at-sign-in',
    removes: 'a new session id at sign-in (session fixation)',
    file: 'src/web/auth-router.ts',
    find: '      await regenerate(req);',
    replace: '',
    tests: ['test/web/sign-in-flow.test.ts', 'test/security/cookies.test.ts'],
  },
  {
    name: 'idle-timeout-slides',
    removes: "the memory store's touch moving a session's expiry (the idle timeout slides)",
    file: 'src/stores/memory-session-store.ts',
    find: '      entry.expiresAt = this.#expiry(data);',
    replace: '',
    tests: ['test/web/session-timeouts.test.ts', 'test/stores/memory-session-store.test.ts'],
  },
  {
    name: 'csrf-token-compared',
    removes: "the CSRF token compared with the session's",
    file: 'src/web/csrf.ts',
    find: "  if (a.length !== b.length || !timingSafeEqual(a, b)) throw refused('the form token does not match this session');",
    replace: '',
    tests: ['test/security/csrf.test.ts'],
  },
  {
    name: 'csrf-origin-checked',
    removes: 'the Origin header checked against this app',
    file: 'src/web/csrf.ts',
    find: "    if (origin !== allowedOrigin) throw refused('it came from another site');",
    replace: '',
    tests: ['test/security/csrf.test.ts'],
  },
  {
    name: 'secrets-redacted-in-logs',
    removes: 'redaction of secret-bearing fields in log lines',
    file: 'src/log.ts',
    find: "      redact: { paths: REDACT_PATHS, censor: '[redacted]' },",
    replace: '',
    tests: ['test/lib/log.test.ts'],
  },
  {
    name: 'galaxy-token-sealed',
    removes: 'the Galaxy access token sealed at rest in the inventory',
    file: 'src/portal/galaxy-portal.ts',
    find: '      sealedToken: this.#options.cipher.seal(accessToken, sealContext(account.id, fingerprint)),',
    replace: '      sealedToken: `${this.#options.cipher.seal(accessToken, sealContext(account.id, fingerprint))}.${accessToken}`,',
    tests: ['test/security/secrets.test.ts'],
  },
  {
    name: 'json-body-size-capped',
    removes: 'the 16 KiB cap on JSON bodies of the API',
    file: 'src/web/galaxy-api-routes.ts',
    find: "express.json({ limit: '16kb' })",
    replace: "express.json({ limit: '16mb' })",
    tests: ['test/web/hardening.test.ts'],
  },
  {
    name: 'form-body-size-capped',
    removes: 'the 4 KiB cap on sign-out form bodies',
    file: 'src/web/auth-router.ts',
    find: "express.urlencoded({ extended: false, limit: '4kb' })",
    replace: "express.urlencoded({ extended: false, limit: '4mb' })",
    tests: ['test/web/hardening.test.ts'],
  },
  {
    name: 'error-pages-without-internals',
    removes: 'pages and JSON errors saying what the user can do instead of upstream URLs, errno and operator advice (issue 13 #7)',
    file: 'src/web/error-response.ts',
    find: '  const face = PUBLIC_FACES[error.code];',
    replace: '  const face = error.code ? undefined : PUBLIC_FACES[error.code];',
    tests: ['test/web/callback-failures.test.ts'],
    testNamePattern: 'no internals',
  },
];
