import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config.js';
import { ConfigError } from '../../src/errors.js';
import { parseEnvFile } from '../../src/config/env-file.js';

const SECRET = 'a-session-secret-that-is-long-enough-0123456789';
const REAL = {
  SANDBOX: '0',
  SAMSUNG_CLIENT_ID: 'client',
  SAMSUNG_CLIENT_SECRET: 'secret',
  SAMSUNG_ALIAS_ID: 'alias',
  SESSION_SECRET: SECRET,
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.problems.map((p) => p.variable);
  }
  return [];
}

describe('configuration', () => {
  it('runs in sandbox mode when SAMSUNG_CLIENT_ID is unset, on PORT+1', () => {
    const config = loadConfig({ PORT: '4100' });
    assert.equal(config.sandbox.enabled, true);
    assert.equal(config.sandbox.port, 4101);
    assert.equal(config.account.accountUrl, 'http://127.0.0.1:4101');
    assert.equal(config.account.redirectUri, 'http://localhost:4100/auth/callback');
    assert.equal(config.session.secrets.length, 1);
    assert.ok(Object.isFrozen(config) && Object.isFrozen(config.account) && Object.isFrozen(config.session.secrets));
  });

  it('uses the documented defaults in real mode', () => {
    const config = loadConfig(REAL);
    assert.equal(config.sandbox.enabled, false);
    assert.equal(config.port, 3000);
    assert.equal(config.baseUrl, 'http://localhost:3000');
    assert.equal(config.account.redirectUri, 'http://localhost:3000/auth/callback');
    assert.equal(config.account.signOutUrl, 'http://localhost:3000/');
    assert.equal(config.account.accountUrl, undefined, 'the library default https://account.samsung.com applies');
    assert.equal(config.session.idleMinutes, 30);
    assert.equal(config.session.maxHours, 12);
  });

  it('never starts the sandbox by accident in production: unset SAMSUNG_CLIENT_ID is an error there, SANDBOX=1 is explicit', () => {
    assert.deepEqual(problemsOf({ NODE_ENV: 'production' }).sort(), ['SAMSUNG_ALIAS_ID', 'SAMSUNG_CLIENT_ID', 'SAMSUNG_CLIENT_SECRET', 'SANDBOX', 'SESSION_SECRET']);
    assert.deepEqual(problemsOf({ NODE_ENV: 'production', SAMSUNG_CLIENT_ID: '' }).includes('SANDBOX'), true, 'empty is unset');
    const explicit = loadConfig({ NODE_ENV: 'production', SANDBOX: '1' });
    assert.equal(explicit.sandbox.enabled, true);
    assert.equal(loadConfig({}).sandbox.enabled, true, 'outside production the sandbox stays the default');
  });

  it('sandbox mode announces itself as a warning, and refuses the settings of a real deployment unless told', () => {
    assert.ok(loadConfig({}).warnings.some((w) => /^SANDBOX MODE: .*demo user/.test(w)));
    assert.ok(!loadConfig(REAL).warnings.some((w) => /SANDBOX MODE/.test(w)));
    const real = {
      GALAXY_SERVICE_ACCOUNTS: '/etc/portal/service-accounts.json',
      TOKEN_ENCRYPTION_KEY: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
      SESSION_STORE: 'redis://redis.internal.example:6379/0',
    };
    assert.deepEqual(problemsOf(real).sort(), ['GALAXY_SERVICE_ACCOUNTS', 'SESSION_STORE', 'TOKEN_ENCRYPTION_KEY']);
    assert.deepEqual(problemsOf({ ...real, SANDBOX: '1', NODE_ENV: 'production' }).sort(), ['GALAXY_SERVICE_ACCOUNTS', 'SESSION_STORE', 'TOKEN_ENCRYPTION_KEY']);
    assert.deepEqual(problemsOf({ ...real, SANDBOX_ALLOW_REAL_SETTINGS: '1' }), [], 'on purpose');
    assert.deepEqual(problemsOf({ SESSION_STORE: 'redis://127.0.0.1:6390/0' }), [], 'a loopback Redis is a developer\'s own');
    assert.deepEqual(problemsOf({ ...real, ...REAL }), [], 'real mode takes them');
  });

  it('refuses a TOKEN_ENCRYPTION_KEY that lists a key id twice', () => {
    const key = (n: number) => Buffer.alloc(32, n).toString('base64');
    assert.deepEqual(problemsOf({ ...REAL, TOKEN_ENCRYPTION_KEY: `k1:${key(1)},k1:${key(2)}` }), ['TOKEN_ENCRYPTION_KEY']);
    assert.deepEqual(problemsOf({ ...REAL, TOKEN_ENCRYPTION_KEY: `k1:${key(1)},k2:${key(2)}` }), []);
  });

  it('SANDBOX=0 with nothing set lists every missing variable at once', () => {
    assert.deepEqual(problemsOf({ SANDBOX: '0' }).sort(), ['SAMSUNG_ALIAS_ID', 'SAMSUNG_CLIENT_ID', 'SAMSUNG_CLIENT_SECRET', 'SESSION_SECRET']);
  });

  it('refuses plain-http upstreams except on loopback hosts', () => {
    assert.deepEqual(problemsOf({ ...REAL, SAMSUNG_ACCOUNT_URL: 'http://account.samsung.com' }), ['SAMSUNG_ACCOUNT_URL']);
    assert.deepEqual(problemsOf({ ...REAL, SAMSUNG_TOKEN_URL: 'http://10.0.0.1/token' }), ['SAMSUNG_TOKEN_URL']);
    for (const ok of ['http://127.0.0.5:1/x', 'http://[::1]:8/x', 'http://localhost:9/x', 'https://us-auth2.samsungosp.com/auth/oauth2/token']) {
      assert.deepEqual(problemsOf({ ...REAL, SAMSUNG_TOKEN_URL: ok }), [], ok);
    }
  });

  it('checks secrets, numbers, URLs and trusted host patterns', () => {
    assert.deepEqual(problemsOf({ ...REAL, SESSION_SECRET: 'short' }), ['SESSION_SECRET']);
    assert.deepEqual(problemsOf({ ...REAL, SESSION_SECRET: `${SECRET},short` }), ['SESSION_SECRET']);
    assert.deepEqual(problemsOf({ ...REAL, PORT: 'abc' }), ['PORT']);
    assert.deepEqual(problemsOf({ ...REAL, SESSION_IDLE_MINUTES: '0' }), ['SESSION_IDLE_MINUTES']);
    assert.deepEqual(problemsOf({ ...REAL, BASE_URL: 'ftp://x' }), ['BASE_URL']);
    assert.deepEqual(problemsOf({ ...REAL, SAMSUNG_REDIRECT_URI: 'https://p.example/cb?x=1' }), ['SAMSUNG_REDIRECT_URI']);
    assert.deepEqual(problemsOf({ ...REAL, SAMSUNG_TRUSTED_AUTH_HOSTS: '*.samsungosp.com, not a host' }), ['SAMSUNG_TRUSTED_AUTH_HOSTS']);
    assert.deepEqual(problemsOf({ ...REAL, SESSION_STORE: 'mysql://127.0.0.1' }), ['SESSION_STORE']);
    assert.equal(loadConfig({ ...REAL, SESSION_STORE: 'redis://127.0.0.1:6379/0' }).session.store, 'redis');
    const rotated = loadConfig({ ...REAL, SESSION_SECRET: `${SECRET},${SECRET}-old` });
    assert.equal(rotated.session.secrets.length, 2);
  });

  it('reads .env syntax: comments, export, quotes', () => {
    assert.deepEqual(parseEnvFile('# c\nexport A=1\nB="two\\nlines"\nC=\'x y\'\nD=plain # trailing\n\nbad line'), {
      A: '1',
      B: 'two\nlines',
      C: 'x y',
      D: 'plain',
    });
  });

  it('starting with SANDBOX=0 and nothing set prints every missing variable and exits non-zero, without a stack trace', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'sak-config-'));
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', SANDBOX: '0', ENV_FILE: join(cwd, 'none.env') };
    const child = spawn(process.execPath, ['--import', 'tsx', join(process.cwd(), 'src/server.ts')], {
      cwd: process.cwd(),
      env: { ...env, DATA_DIR: cwd },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.notEqual(code, 0);
    for (const v of ['SAMSUNG_CLIENT_ID', 'SAMSUNG_CLIENT_SECRET', 'SAMSUNG_ALIAS_ID', 'SESSION_SECRET']) {
      assert.match(out, new RegExp(`- ${v}: `), `${v} is listed`);
    }
    assert.doesNotMatch(out, /\n\s+at .+:\d+:\d+/, 'no stack trace');
  });
});
