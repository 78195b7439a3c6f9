/**
 * The sandbox's service accounts, as Seller Portal would hold them: an id, the public half of the
 * key downloaded at creation, and the scopes chosen.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { GalaxyScope } from '../../galaxy/galaxy-scopes.js';

/** What a test registers: an id, a public key (or a private key, reduced to its public half), scopes. */
export interface RegisteredServiceAccount {
  id: string;
  /** Public key (PEM, JWK or KeyObject; a private key is reduced to its public half). */
  publicKey: KeyObject | string;
  scopes: readonly GalaxyScope[];
}

/** A registered account as the sandbox keeps it. */
export interface ServiceAccountRecord {
  id: string;
  publicKey: KeyObject;
  scopes: readonly GalaxyScope[];
}

/** The registry of service accounts the sandbox knows, by id. */
export class ServiceAccounts {
  readonly #byId = new Map<string, ServiceAccountRecord>();

  register(account: RegisteredServiceAccount): void {
    if (!/^[\x21-\x7e]{1,128}$/.test(account.id)) throw new Error('A service account id is 1-128 printable characters.');
    const given = account.publicKey;
    const publicKey = typeof given !== 'string' && given.type === 'public' ? given : createPublicKey(given);
    if (publicKey.asymmetricKeyType !== 'rsa') throw new Error('A service account key must be RSA.');
    this.#byId.set(account.id, Object.freeze({ id: account.id, publicKey, scopes: Object.freeze([...account.scopes]) }));
  }

  remove(id: string): boolean {
    return this.#byId.delete(id);
  }

  get(id: string): ServiceAccountRecord | undefined {
    return this.#byId.get(id);
  }
}
