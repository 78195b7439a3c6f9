/**
 * The inventory's keys at start-up: TOKEN_ENCRYPTION_KEY must open the existing inventory (a
 * ConfigError otherwise, rather than silently orphaning its tokens); tokens sealed under an older
 * key still listed are re-sealed under the current one; live tokens sealed under a key no longer
 * listed stop start-up (they could not be revoked from here).
 */
import { ConfigError } from '../errors.js';
import type { TokenCipher } from '../galaxy/token-cipher.js';
import type { InventoryStore } from './inventory-types.js';
import type { ServiceAccountConfig } from './service-accounts-config.js';
import { sealContext } from './current-token.js';

const KEY_CHECK_TEXT = 'samsung-auth-kit token inventory';
const KEY_CHECK_CONTEXT = 'key-check';

interface InventoryKeyOptions {
  accounts: readonly ServiceAccountConfig[];
  store: InventoryStore;
  cipher: TokenCipher;
  storeDescription?: string;
}

/** Checks and updates the inventory's key check and seals; see the module comment. */
export async function openInventoryKeys(options: InventoryKeyOptions): Promise<void> {
  const check = await options.store.getKeyCheck();
  if (check !== undefined) {
    try {
      options.cipher.open(check, KEY_CHECK_CONTEXT);
    } catch {
      throw new ConfigError([
        {
          variable: 'TOKEN_ENCRYPTION_KEY',
          problem: `does not open the existing token inventory${options.storeDescription ? ` at ${options.storeDescription}` : ''}; it was sealed with another key`,
          example: 'the key used before, or "new-id:NEWKEY,old-id:OLDKEY" to rotate',
        },
      ]);
    }
  }
  await resealStaleTokens(options);
  if (check === undefined || options.cipher.isStale(check)) {
    await options.store.setKeyCheck(options.cipher.seal(KEY_CHECK_TEXT, KEY_CHECK_CONTEXT));
  }
}

/**
 * Re-seals tokens sealed under an older key that is still listed, so the old key can be dropped
 * later; refuses to start when live tokens are sealed under a key no longer listed (they could
 * not be revoked from here).
 */
async function resealStaleTokens(options: InventoryKeyOptions): Promise<void> {
  const orphaned: string[] = [];
  for (const account of options.accounts) {
    for (const record of await options.store.tokens(account.id)) {
      if (!options.cipher.isStale(record.sealedToken)) continue;
      if (!options.cipher.knowsKeyOf(record.sealedToken)) {
        if (!record.revokedAt) orphaned.push(`${account.id} ${record.fingerprint}`);
        continue;
      }
      const context = sealContext(record.accountId, record.fingerprint);
      let accessToken: string;
      try {
        accessToken = options.cipher.open(record.sealedToken, context);
      } catch {
        continue; // altered: reported as tampered in listings
      }
      await options.store.resealToken(record.accountId, record.fingerprint, options.cipher.seal(accessToken, context));
    }
  }
  if (orphaned.length > 0) {
    throw new ConfigError([
      {
        variable: 'TOKEN_ENCRYPTION_KEY',
        problem: `no longer lists the key that seals ${orphaned.length} live token(s) (${orphaned.slice(0, 3).join(', ')}${orphaned.length > 3 ? ', ...' : ''}); they could not be revoked`,
        example: 'keep the old key listed after the new one ("new:NEWKEY,old:OLDKEY") until those tokens are revoked',
      },
    ]);
  }
}

