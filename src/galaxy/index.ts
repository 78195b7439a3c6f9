/**
 * `samsung-auth-kit/galaxy`: the Galaxy Store Developer API toolkit: service account keys, JWTs,
 * access tokens, a token manager, the typed Developer API client (content, binaries, uploads,
 * rollout, IAP, statistics) and the publish flow. Needs neither Express nor sessions (it
 * imports only `node:` modules and this package's own errors and HTTP layer), so a CI script or a
 * server without Express can use it alone. Public exports only; no side effects.
 */
export { SamsungAuthError, ConfigError, isSamsungAuthError, type ErrorCode, type ConfigProblem, type PublishErrorCode } from '../errors.js';
export { loadPrivateKey, parsePrivateKey, formatMode, MIN_RSA_BITS } from './load-private-key.js';
export type { PrivateKeySource, ServiceAccountKey } from './load-private-key.js';
export { GALAXY_SCOPES, isGalaxyScope, validateScopes, scopesKey } from './galaxy-scopes.js';
export type { GalaxyScope } from './galaxy-scopes.js';
export {
  createGalaxyJwt,
  createGalaxyJwtAsync,
  createGalaxyJwtClaims,
  signGalaxyJwt,
  signGalaxyJwtAsync,
  MAX_JWT_LIFETIME_SECONDS,
  DEFAULT_BACKDATE_SECONDS,
} from './create-jwt.js';
export type { CreateJwtOptions, GalaxyJwtClaims } from './create-jwt.js';
export { GalaxyApiError, explainGalaxyError } from './galaxy-error.js';
export type { GalaxyApiErrorDetails, GalaxyErrorType } from './galaxy-error.js';
export { requestAccessToken, checkAccessToken, revokeAccessToken } from './access-token.js';
export type { RequestAccessTokenOptions, AccessTokenGrant, AccessTokenCallOptions } from './access-token.js';
export { callGalaxyApi, GalaxyApiClient } from './api-client.js';
export type {
  AccessTokenSource,
  CallGalaxyApiOptions,
  ContentInfoEntry,
  ContentListEntry,
  GalaxyApiClientOptions,
  GalaxyCall,
  GalaxyCallResult,
  GalaxyMethod,
  IapItem,
} from './api-client.js';
export { DEFAULT_GALAXY_API_URL, DEFAULT_GALAXY_TIMEOUT_MS, resolveGalaxyApiUrl } from './lib/send-galaxy-request.js';
export type { GalaxyConnection } from './lib/send-galaxy-request.js';
export { measureClockSkew } from './measure-clock-skew.js';
export type { ClockSkew } from './measure-clock-skew.js';
export { GalaxyTokenManager } from './token-manager.js';
export type { GalaxyTokenManagerOptions } from './token-manager.js';
export { TokenCipher } from './token-cipher.js';
export type { TokenCipherOptions } from './token-cipher.js';
export { MemoryTokenStore } from './token-store.js';
export type { StoredAccessToken, TokenStore } from './token-store.js';
export { EncryptedTokenStore, MemoryValueStore } from './encrypted-token-store.js';
export type { EncryptedTokenStoreOptions, SecretValueStore } from './encrypted-token-store.js';
export { GalaxyStoreClient } from './galaxy-store-client.js';
export type { GalaxyStoreClientOptions } from './galaxy-store-client.js';
export { GALAXY_OPERATIONS } from './lib/operations.js';
export type { GalaxyOperation, GalaxyOperationName } from './lib/operations.js';
export type { SeeOtherPolicy } from './lib/see-other.js';
export { readErrorEnvelope } from './lib/error-envelope.js';
export type { EnvelopeError } from './lib/error-envelope.js';
export { contentPhase, DRAFT_STATUSES } from './api/content-status.js';
export type { ContentPhase } from './api/content-status.js';
export type {
  ContentBinary,
  ContentInfo,
  ContentRecord,
  ContentStatusChange,
  ContentSummary,
  ContentUpdateFields,
  ContentUpdateResult,
} from './api/content-types.js';
export type { AddBinaryInput } from './api/binaries.js';
export { DEFAULT_GALAXY_UPLOAD_URL, DEFAULT_UPLOAD_TIMEOUT_MS, uniqueUploadName } from './api/upload.js';
export type { UploadedFile, UploadFileOptions, UploadProgress, UploadSession } from './api/upload.js';
export type { RolloutAppStatus, RolloutBinary, RolloutChange, RolloutRate } from './api/rollout.js';
export type { IapItemPage, IapItemPatch, IapItemV6, IapPrice } from './api/iap.js';
export { GSS_METRICS, statsRows } from './api/stats.js';
export type { StatsAnswer, StatsQuery, StatsRow } from './api/stats.js';
export { planPublish } from './publish/publish-plan.js';
export type { PlannedFile, PublishOptions, PublishPlan } from './publish/publish-plan.js';
export { publishToGalaxy } from './publish/publish-flow.js';
export type { PublishFlowOptions, PublishResult } from './publish/publish-flow.js';
export { waitForReview } from './publish/wait-for-review.js';
