/**
 * samsung-auth-kit: "Sign in with Samsung Account" for Express, Galaxy Store Developer API
 * service-account tokens, and a Samsung sandbox for tests. Public exports only; no side effects.
 */
export { samsungAuth, type SamsungAuthOptions, type SamsungAuthRoutes } from './web/auth-router.js';
export { requiresAuth } from './web/requires-auth.js';
export { createSessionMiddleware, type SessionMiddlewareOptions } from './web/session.js';
export { securityHeaders, type SecurityHeadersOptions } from './web/security-headers.js';
export type { SamsungAuthContext, SignedInUser } from './web/session-data.js';
export { MemorySessionStore, type MemorySessionStoreOptions } from './stores/memory-session-store.js';
export {
  resolveAccountOptions,
  DEFAULT_ACCOUNT_URL,
  DEFAULT_TOKEN_URL,
  type SamsungAccountOptions,
  type ResolvedAccountOptions,
} from './account/options.js';
export { TokenExchange, type SamsungTokens } from './account/token-exchange.js';
export { normaliseTokenResponse } from './account/token-response.js';
export { safeReturnTo } from './account/return-to.js';
export { SamsungAuthError, ConfigError, isSamsungAuthError, type ErrorCode, type ConfigProblem } from './errors.js';
export { createLogger, type Logger } from './log.js';
export { loadConfig, type PortalConfig } from './config/load-config.js';
export { createPortalApp, type PortalDeps } from './web/app.js';
export * from './galaxy/index.js';
