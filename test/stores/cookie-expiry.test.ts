import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import vm from 'node:vm';
import type session from 'express-session';
import { cookieExpiryMs } from '../../src/stores/cookie-expiry.js';

const withExpires = (expires: unknown) => ({ cookie: { expires } }) as unknown as session.SessionData;

describe('cookieExpiryMs', () => {
  it('reads a live Date, an ISO string (a session read back from JSON) and a number alike', () => {
    const at = Date.UTC(2026, 11, 3, 15, 0, 0, 123);
    assert.equal(cookieExpiryMs(withExpires(new Date(at))), at);
    assert.equal(cookieExpiryMs(withExpires(new Date(at).toISOString())), at);
    assert.equal(cookieExpiryMs(withExpires(at)), at);
    const otherRealm = vm.runInNewContext(`new Date(${at})`) as unknown;
    assert.ok(!(otherRealm instanceof Date));
    assert.equal(cookieExpiryMs(withExpires(otherRealm)), at, 'a Date of another realm (vm, some test runners)');
  });
  it('is NaN for a cookie without an expiry, or one that is not a time', () => {
    for (const expires of [undefined, null, '', 0, false, 'not a date', {}, 'NaN']) assert.ok(Number.isNaN(cookieExpiryMs(withExpires(expires))), String(expires));
    assert.ok(Number.isNaN(cookieExpiryMs({} as session.SessionData)));
  });
});
