import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { safeReturnTo } from '../../src/account/return-to.js';

describe('safeReturnTo', () => {
  it('keeps same-origin paths with their query and fragment', () => {
    assert.equal(safeReturnTo('/account', '/x'), '/account');
    assert.equal(safeReturnTo('/a/b?c=d#e', '/x'), '/a/b?c=d#e');
  });
  for (const payload of [
    'https://evil.example', '//evil.example', '///evil.example', '/\\evil.example', '/%2F%2Fevil.example', '/%252F%252Fevil.example',
    'javascript:alert(1)', 'https:evil.example', '/\r\nLocation: https://evil.example', '/%0d%0aSet-Cookie:x=1', '\\\\evil.example',
    '', 'account', '/%5Cevil.example', '/\tevil',
  ]) {
    it(`refuses ${JSON.stringify(payload)}`, () => {
      assert.equal(safeReturnTo(payload, '/fallback'), '/fallback');
    });
  }
  it('refuses non-strings and very long values', () => {
    assert.equal(safeReturnTo(['/a'], '/f'), '/f');
    assert.equal(safeReturnTo(`/${'a'.repeat(3000)}`, '/f'), '/f');
  });
});
