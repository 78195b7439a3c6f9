import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { safeReturnTo } from '../../src/account/return-to.js';
import type { Request } from 'express';
import { RequestAuthContext } from '../../src/web/auth-context.js';

describe('safeReturnTo', () => {
  it('keeps same-origin paths with their query and fragment', () => {
    assert.equal(safeReturnTo('/account', '/x'), '/account');
    assert.equal(safeReturnTo('/a/b?c=d#e', '/x'), '/a/b?c=d#e');
  });
  for (const payload of [
    'https://evil.example', '//evil.example', '///evil.example', '/\\evil.example', '/%2F%2Fevil.example', '/%252F%252Fevil.example',
    'javascript:alert(1)', 'https:evil.example', '/\r\nLocation: https://evil.example', '/%0d%0aSet-Cookie:x=1', '\\\\evil.example',
    '', 'account', '/%5Cevil.example', '/\tevil',
    // dot segments that the URL parser resolves to //evil.example
    '/..//evil.example', '/.//evil.example/x', '/a/..//evil.example', '/%2e%2e//evil.example', '/%2E%2E//evil.example', '/a/../..//evil.example', '/././/evil.example',
  ]) {
    it(`refuses ${JSON.stringify(payload)}`, () => {
      assert.equal(safeReturnTo(payload, '/fallback'), '/fallback');
    });
  }
  it('keeps a path whose dot segments stay on this origin', () => {
    assert.equal(safeReturnTo('/a/../b', '/f'), '/b');
    assert.equal(safeReturnTo('/a/./b?x=1', '/f'), '/a/b?x=1');
  });
  it('loginUrl() carries only a checked returnTo', () => {
    const ctx = new RequestAuthContext({ maxAgeMs: 1000, loginPath: '/auth/login', afterSignIn: '/account', now: Date.now }, {} as Request, undefined, undefined);
    assert.equal(ctx.loginUrl('/..//evil.example'), `/auth/login?returnTo=${encodeURIComponent('/account')}`);
    assert.equal(ctx.loginUrl('/orders?page=2'), `/auth/login?returnTo=${encodeURIComponent('/orders?page=2')}`);
  });
  it('refuses non-strings and very long values', () => {
    assert.equal(safeReturnTo(['/a'], '/f'), '/f');
    assert.equal(safeReturnTo(`/${'a'.repeat(3000)}`, '/f'), '/f');
  });
});
