/**
 * `samsung-auth-kit/passport`: "Sign in with Samsung Account" as a Passport 0.7 strategy. Passport
 * is an optional peer dependency; the other entry points never load this one.
 */
export { SamsungStrategy, type SamsungStrategyOptions, type VerifyFunction, type VerifyFunctionWithRequest, type VerifyDone } from './samsung-strategy.js';
export { toPassportProfile, type SamsungPassportProfile } from './passport-profile.js';
