// The Galaxy toolkit alone (run under forbid-web-packages.mjs): it loads and works.
import assert from 'node:assert/strict';
import { TokenCipher, validateScopes, GalaxyTokenManager, GalaxyStoreClient, uniqueUploadName } from 'samsung-auth-kit/galaxy';

assert.deepEqual(validateScopes('publishing,gss'), ['publishing', 'gss']);
const cipher = new TokenCipher({ keys: { k1: TokenCipher.generateKey() }, currentKeyId: 'k1' });
assert.equal(cipher.open(cipher.seal('x', 'c'), 'c'), 'x');
assert.equal(typeof GalaxyTokenManager, 'function');
assert.equal(typeof new GalaxyStoreClient({ serviceAccountId: 'sa', accessToken: 't' }).content.info, 'function');
assert.match(uniqueUploadName('app.apk'), /^app-\d{8}T\d{9}Z\.apk$/);
console.log('galaxy toolkit loaded without the web stack');
