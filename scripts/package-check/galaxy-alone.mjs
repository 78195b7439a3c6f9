// The Galaxy toolkit alone (run under forbid-web-packages.mjs): it loads and works.
import assert from 'node:assert/strict';
import { TokenCipher, validateScopes, GalaxyTokenManager } from 'samsung-auth-kit/galaxy';

assert.deepEqual(validateScopes('publishing,gss'), ['publishing', 'gss']);
const cipher = new TokenCipher({ keys: { k1: TokenCipher.generateKey() }, currentKeyId: 'k1' });
assert.equal(cipher.open(cipher.seal('x', 'c'), 'c'), 'x');
assert.equal(typeof GalaxyTokenManager, 'function');
console.log('galaxy toolkit loaded without the web stack');
