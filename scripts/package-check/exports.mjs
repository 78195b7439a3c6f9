// Every subpath export loads and has the names the README promises; deep imports are refused.
import assert from 'node:assert/strict';

const expected = {
  'samsung-auth-kit/express': [
    'samsungAuth', 'requiresAuth', 'createSessionMiddleware', 'securityHeaders', 'safeReturnTo',
    'MemorySessionStore', 'RedisSessionStore', 'connectRedis',
    'SamsungAuthError', 'ConfigError', 'isSamsungAuthError', 'DEFAULT_ACCOUNT_URL', 'DEFAULT_TOKEN_URL',
  ],
  'samsung-auth-kit/galaxy': [
    'loadPrivateKey', 'parsePrivateKey', 'validateScopes', 'createGalaxyJwt', 'requestAccessToken',
    'checkAccessToken', 'revokeAccessToken', 'callGalaxyApi', 'GalaxyApiClient', 'GalaxyTokenManager',
    'GalaxyApiError', 'explainGalaxyError', 'measureClockSkew', 'TokenCipher', 'MemoryTokenStore',
    'EncryptedTokenStore', 'MemoryValueStore', 'SamsungAuthError', 'isSamsungAuthError',
    'GalaxyStoreClient', 'publishToGalaxy', 'planPublish', 'waitForReview', 'GALAXY_OPERATIONS', 'uniqueUploadName',
  ],
  'samsung-auth-kit/sandbox': ['startSandbox'],
  'samsung-auth-kit': ['loadConfig', 'createPortalApp', 'createLogger', 'resolveAccountOptions', 'TokenExchange'],
};

const everything = await import('samsung-auth-kit');
for (const [specifier, names] of Object.entries(expected)) {
  const mod = await import(specifier);
  for (const name of names) {
    assert.notEqual(mod[name], undefined, `${specifier} exports ${name}`);
    // "." is everything: each part's exports are the very same bindings there.
    assert.equal(everything[name], mod[name], `samsung-auth-kit re-exports ${name} from ${specifier}`);
  }
  for (const name of Object.keys(mod)) assert.equal(everything[name], mod[name], `samsung-auth-kit has ${specifier}'s ${name}`);
  console.log(`${specifier}: ${Object.keys(mod).length} exports`);
}
await assert.rejects(import('samsung-auth-kit/dist/web/app.js'), { code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' });

// The Passport strategy has an entry point of its own ("." leaves it out), and passport itself is
// an optional peer: this project has none installed, and the entry point loads without it.
const strategy = await import('samsung-auth-kit/passport');
assert.equal(typeof strategy.SamsungStrategy, 'function');
assert.equal(typeof strategy.toPassportProfile, 'function');
assert.equal(everything.SamsungStrategy, undefined, '"." does not carry the Passport strategy');
await assert.rejects(import('passport'), { code: 'ERR_MODULE_NOT_FOUND' });
console.log(`samsung-auth-kit/passport: ${Object.keys(strategy).length} exports, without passport installed`);
