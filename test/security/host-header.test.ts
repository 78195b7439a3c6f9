/**
 * The redirect_uri is configuration, never derived from the request; `trust proxy` applies only
 * as configured. RFC 9700 §4.1 (redirect URI manipulation), RFC 6749 §3.1.2, OWASP ASVS 14.5.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startStack } from '../helpers/stack.js';
import { TestBrowser } from '../helpers/browser.js';
import { openSignInGate, decide } from '../helpers/sign-in.js';

describe('Host headers and proxies (RFC 9700 §4.1)', () => {
  it('RFC 9700 §4.1: Host and X-Forwarded-Host spoofing never changes the redirect_uri sent to Samsung', async () => {
    const stack = await startStack({ env: { TRUST_PROXY: 'loopback' } });
    try {
      const spoofs: Record<string, string>[] = [{ host: 'evil.example' }, { 'x-forwarded-host': 'evil.example' }, { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' }];
      for (const headers of spoofs) {
        // node:http sends the Host header exactly as given (fetch would not let us).
        const login = await rawGet(`${stack.portalUrl}/auth/login`, headers);
        assert.equal(login.status, 302);
        const redirectUri = new URL(login.location!).searchParams.get('redirect_uri');
        assert.equal(redirectUri, `${stack.portalUrl}/auth/callback`, JSON.stringify(headers));
        // ... and the same redirect_uri reaches the token endpoint (the sandbox checks it exactly).
        const browser = new TestBrowser();
        browser.jar.set('127.0.0.1', new Map([['sak.sid', login.cookie!]]));
        const gate = await browser.get(login.location!);
        const decision = await decide(browser, gate, { userId: 'y0zpz1a2b3' });
        const callback = await rawGet(decision.location!, { ...headers, cookie: `sak.sid=${login.cookie}` });
        assert.equal(callback.status, 303, JSON.stringify(headers));
      }
      assert.equal(stack.sandbox.counters.get('account.token'), 3);
    } finally {
      await stack.close();
    }
  });

  it('ASVS 14.5: X-Forwarded-Proto is ignored unless TRUST_PROXY says so', async () => {
    // An https portal behind a TLS-terminating proxy: without trust proxy the Secure cookie is withheld.
    const untrusted = await startStack();
    await untrusted.restartPortal({ BASE_URL: untrusted.portalUrl.replace('http:', 'https:') });
    try {
      const res = await fetch(`${untrusted.portalUrl.replace('https:', 'http:')}/auth/login`, { redirect: 'manual', headers: { 'x-forwarded-proto': 'https' } });
      assert.equal(res.headers.get('set-cookie'), null, 'a Secure cookie is not sent over what it believes is http');
    } finally {
      await untrusted.close();
    }
    const trusted = await startStack({ env: { TRUST_PROXY: 'loopback' } });
    await trusted.restartPortal({ BASE_URL: trusted.portalUrl.replace('http:', 'https:'), TRUST_PROXY: 'loopback' });
    try {
      const plain = trusted.portalUrl.replace('https:', 'http:');
      const res = await fetch(`${plain}/auth/login`, { redirect: 'manual', headers: { 'x-forwarded-proto': 'https' } });
      assert.match(res.headers.get('set-cookie') ?? '', /^__Host-sak\.sid=.*; Secure/i, 'trusted proxy: Secure __Host- cookie');
    } finally {
      await trusted.close();
    }
  });

  it('a callback naming another token host never sends the secret there (PROTOCOL §1.2)', async () => {
    // A decoy that would answer, on loopback: a name that does not resolve would prove nothing.
    const seen: string[] = [];
    const decoy = http.createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"access_token":"x","token_type":"Bearer","userId":"attacker"}');
    });
    await new Promise<void>((resolve) => decoy.listen(0, '127.0.0.1', resolve));
    const decoyHost = `127.0.0.1:${(decoy.address() as AddressInfo).port}`;
    const stack = await startStack();
    try {
      for (const named of [decoyHost, `http://${decoyHost}`, `localhost:${(decoy.address() as AddressInfo).port}`]) {
        const browser = new TestBrowser();
        const { gate } = await openSignInGate(browser, stack.portalUrl);
        const decision = await decide(browser, gate, { userId: 'y0zpz1a2b3' });
        const url = new URL(decision.location!);
        url.searchParams.set('auth_server_url', named);
        assert.equal((await browser.get(url.toString())).status, 303, named);
      }
      assert.deepEqual(seen, [], 'the decoy received nothing');
      assert.equal(stack.sandbox.counters.get('account.token'), 3, 'the configured token endpoint was used each time');
    } finally {
      await stack.close();
      decoy.close();
    }
  });
});

/** A GET with exactly these headers (Host included), without following redirects. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; location: string | undefined; cookie: string | undefined }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.get({ host: u.hostname, port: u.port, path: u.pathname + u.search, headers }, (res) => {
      res.resume();
      const setCookie = res.headers['set-cookie']?.[0];
      resolve({ status: res.statusCode ?? 0, location: res.headers.location, cookie: setCookie ? setCookie.split(';')[0]!.split('=')[1] : undefined });
    });
    req.on('error', reject);
  });
}
