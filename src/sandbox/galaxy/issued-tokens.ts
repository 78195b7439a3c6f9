/**
 * Access tokens the sandbox has issued, in memory only. Like Samsung's they never expire; revoked
 * ones are forgotten, so "revoked" and "never issued" look the same from outside (seed 003).
 */
import { randomBytes } from 'node:crypto';
import type { GalaxyScope } from '../../galaxy/galaxy-scopes.js';

export interface IssuedToken {
  serviceAccountId: string;
  scopes: readonly GalaxyScope[];
}

/** A read-only view for tests: counts only, never the tokens. */
export interface IssuedTokensView {
  /** Tokens issued since start. */
  readonly issued: number;
  /** Tokens currently valid (issued and not revoked). */
  readonly active: number;
  /** Tokens revoked since start. */
  readonly revoked: number;
}

/** The token registry: issue, find, revoke; counts for tests. */
export class IssuedTokens implements IssuedTokensView {
  readonly #tokens = new Map<string, IssuedToken>();
  readonly #newToken: () => string;
  #issued = 0;
  #revoked = 0;

  /** @param newToken makes a token; default 144 random bits, 24 base64url characters (the length of seed 001's example). */
  constructor(newToken: () => string = () => randomBytes(18).toString('base64url')) {
    this.#newToken = newToken;
  }

  issue(record: IssuedToken): string {
    const token = this.#newToken();
    if (this.#tokens.has(token)) throw new Error('the token generator repeated a token');
    this.#tokens.set(token, Object.freeze({ ...record, scopes: Object.freeze([...record.scopes]) }));
    this.#issued += 1;
    return token;
  }

  find(token: string): IssuedToken | undefined {
    return this.#tokens.get(token);
  }

  revoke(token: string): boolean {
    const removed = this.#tokens.delete(token);
    if (removed) this.#revoked += 1;
    return removed;
  }

  get issued(): number {
    return this.#issued;
  }

  get active(): number {
    return this.#tokens.size;
  }

  get revoked(): number {
    return this.#revoked;
  }

  /** Not enumerable by design: no way to list tokens, so no way to log them by accident. */
  toJSON(): IssuedTokensView {
    return { issued: this.issued, active: this.active, revoked: this.revoked };
  }
}
