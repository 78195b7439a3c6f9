/**
 * `samsung-auth-kit/express`: the "Sign in with Samsung Account" login helper for Express, on its
 * own: the router, route protection, sessions, security headers, session stores and the errors
 * they raise. Public exports only; no side effects.
 */
export { samsungAuth, type SamsungAuthOptions, type SamsungAuthRoutes } from './web/auth-router.js';
export { requiresAuth } from './web/requires-auth.js';
export { createSessionMiddleware, type SessionMiddlewareOptions } from './web/session.js';
export { securityHeaders, type SecurityHeadersOptions } from './web/security-headers.js';
export type { SamsungAuthContext, SignedInUser } from './web/session-data.js';
export type { SamsungTokens } from './account/token-exchange.js';
export { safeReturnTo } from './account/return-to.js';
export { SAMSUNG_REGION_HOSTS, trustedRegionOrigin, type RegionVerdict } from './account/region-hosts.js';
export { DEFAULT_ACCOUNT_URL, DEFAULT_TOKEN_URL, type SamsungAccountOptions } from './account/options.js';
export { MemorySessionStore, type MemorySessionStoreOptions } from './stores/memory-session-store.js';
export { RedisSessionStore, type RedisSessionStoreOptions } from './stores/redis-session-store.js';
export { connectRedis, type RedisClient, type RedisClientOptions } from './stores/redis-client.js';
export { MemoryRateLimiter, RedisRateLimiter, type RateLimiter, type RateLimitVerdict, type MemoryRateLimiterOptions } from './stores/rate-limiter.js';
export { SamsungAuthError, ConfigError, isSamsungAuthError, type ErrorCode, type ConfigProblem } from './errors.js';
export { SamsungMetrics, metricsFor, type BreakerView } from './metrics/metrics.js';
export { startMetricsServer, type MetricsServer } from './metrics/metrics-server.js';
export { TokenEndpointError } from './account/token-errors.js';
export type { SamsungProfile } from './account/profile.js';
export type { LoginUrlOptions, StoredProfile } from './web/session-data.js';
