/**
 * samsung-auth-kit: "Sign in with Samsung Account" for Express, Galaxy Store Developer API
 * service-account tokens, and a Samsung sandbox for tests. Everything in one entry; the
 * subpaths `samsung-auth-kit/express`, `/galaxy` and `/sandbox` hold the same exports by part.
 * Public exports only; no side effects.
 */
export * from './express.js';
export {
  resolveAccountOptions,
  type ResolvedAccountOptions,
} from './account/options.js';
export { TokenExchange } from './account/token-exchange.js';
export { normaliseTokenResponse } from './account/token-response.js';
export {
  type AccountErrorCode,
  type GalaxyErrorCode,
  type PortalErrorCode,
  type SamsungAuthErrorOptions,
} from './errors.js';
export { createLogger, type Logger, type LoggerOptions } from './log.js';
export { loadConfig, type PortalConfig } from './config/load-config.js';
export { createPortalApp, type PortalDeps } from './web/app.js';
export * from './galaxy/index.js';
export * from './sandbox/sandbox.js';
