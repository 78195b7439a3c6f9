/** Staged rollout, IAP items and GSS statistics through the CLI (a subprocess) against the sandbox. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from '../helpers/galaxy-keys.js';
import { startPublishSandbox, type PublishSandbox } from '../helpers/publish-sandbox.js';

const MY_GAME = '000007654321';
let ps: PublishSandbox;

before(async () => {
  ps = await startPublishSandbox();
});
after(async () => {
  // No token in any output of any command run above (the sandbox's tokens carry a marker).
  assert.ok(ps.outputs.length > 10);
  assert.equal(ps.outputs.filter((o) => o.includes(ps.tokenMarker)).length, 0, 'a token reached the output');
  assert.equal(ps.sandbox.galaxy.tokens.active, 0, 'every token minted for a run was revoked');
  await ps.close();
});

describe('samsung-auth rollout', () => {
  test('raise, refuse to lower (with Samsung\'s code), complete', async () => {
    const shown = await ps.cli('rollout', 'show', '--content-id', MY_GAME);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /rollout \(SALE\): 10%; countries: KOR 5%; binaries: 101/);
    const up = await ps.cli('rollout', 'set', '--content-id', MY_GAME, '--rate', '50', '--country', 'KOR=30', '--json');
    assert.equal(up.code, 0, up.stderr);
    assert.deepEqual(JSON.parse(up.stdout).rolloutRate, 50);
    const down = await ps.cli('rollout', 'set', '--content-id', MY_GAME, '--rate', '20');
    assert.equal(down.code, 1);
    assert.match(down.stderr, /HTTP 200 3103: .*may only go up/);
    const over = await ps.cli('rollout', 'set', '--content-id', MY_GAME, '--rate', '60', '--country', 'KOR=70');
    assert.equal(over.code, 1);
    assert.match(over.stderr, /3105/);
    const done = await ps.cli('rollout', 'complete', '--content-id', MY_GAME);
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stdout, /off: everyone gets the version/);
    const noBinaries = await ps.cli('rollout', 'set', '--content-id', '000007000010', '--rate', '10');
    assert.equal(noBinaries.code, 1);
    assert.match(noBinaries.stderr, /3207/);
    const bad = await ps.cli('rollout', 'set', '--content-id', MY_GAME, '--country', 'Korea=5');
    assert.equal(bad.code, 2);
  });
});

describe('samsung-auth iap', () => {
  test('create, list, patch a price, delete', async () => {
    const dir = await tempDir('iap-');
    const item = join(dir, 'item.json');
    const patch = join(dir, 'patch.json');
    await writeFile(item, JSON.stringify({ id: 'gems_50', title: '50 Gems', description: 'Gems', type: 'ITEM', status: 'PUBLISHED', itemPaymentMethod: { phoneBillStatus: true }, usdPrice: 0.99, prices: [{ countryId: 'USA', currency: 'USD', localPrice: '0.99' }] }));
    await writeFile(patch, JSON.stringify({ id: 'gems_50', prices: [{ countryId: 'USA', localPrice: '1.49' }] }));
    const pkg = ['--package', 'com.example.mygame'];
    assert.equal((await ps.cli('iap', 'put', ...pkg, '--file', item)).code, 0);
    const list = await ps.cli('iap', 'list', ...pkg);
    assert.match(list.stdout, /^gems_50\s+PUBLISHED\s+ITEM\s+0\.99\s+50 Gems$/m);
    assert.match(list.stdout, /4 item\(s\)/);
    const patched = await ps.cli('iap', 'patch', ...pkg, '--file', patch);
    assert.equal(patched.code, 0, patched.stderr);
    const got = JSON.parse((await ps.cli('iap', 'get', ...pkg, '--item-id', 'gems_50', '--json')).stdout);
    assert.deepEqual(got.prices, [{ countryId: 'USA', currency: 'USD', localPrice: '1.49' }]);
    assert.equal((await ps.cli('iap', 'delete', ...pkg, '--item-id', 'gems_50')).code, 0);
    assert.doesNotMatch((await ps.cli('iap', 'list', ...pkg)).stdout, /gems_50/);
    const unlinked = await ps.cli('iap', 'list', '--package', 'com.example.watchface');
    assert.equal(unlinked.code, 1);
    assert.match(unlinked.stderr, /106.*not linked to in-app purchases/);
  });
});

describe('samsung-auth stats', () => {
  const day = (offset: number) => new Date(Date.now() - offset * 86_400_000).toISOString().slice(0, 10);
  const args = ['stats', '--metric', 'revenue_total', '--from', day(29), '--to', day(0), '--content-id', MY_GAME];

  test('30 days as a table and as CSV (303 polled on the API host)', async () => {
    ps.sandbox.reset();
    const t = await ps.cli(...args);
    assert.equal(t.code, 0, t.stderr);
    const lines = t.stdout.trim().split('\n');
    assert.match(lines[0] ?? '', /^date\s+contentId\s+metric\s+value$/);
    assert.equal(lines.length, 31);
    assert.match(lines[1] ?? '', new RegExp(`^${day(29)}\\s+${MY_GAME}\\s+revenue_total\\s+\\d+(\\.\\d+)?$`));
    assert.equal(ps.sandbox.counters.get('galaxy.gssResult'), 2, 'polled twice: 303, then 200');
    const c = await ps.cli(...args, '--csv');
    const rows = c.stdout.trim().split('\r\n');
    assert.equal(rows[0], 'date,contentId,metric,value');
    assert.equal(rows.length, 31);
    assert.deepEqual(rows.slice(1).map((r) => r.split(',')[3]), lines.slice(1).map((l) => l.split(/\s+/)[3]), 'same figures');
    const weekly = await ps.cli(...args, '--by', 'week');
    assert.ok(weekly.stdout.trim().split('\n').length <= 7);
  });

  test('a token without the gss scope is refused', async () => {
    const run = await ps.cli(...args, '--scopes', 'publishing');
    assert.equal(run.code, 1);
    assert.match(run.stderr, /403 NO_PERMISSION/);
  });
});
