/** GALAXY_SERVICE_ACCOUNTS: who may act on which account, checked at start with every problem listed. */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadServiceAccounts } from '../../src/portal/service-accounts-config.js';
import { rsaKey, tempDir, writeKeyFile } from '../helpers/galaxy-keys.js';

describe('the service-accounts file', () => {
  let dir: string;
  let keyFile: string;
  before(async () => {
    dir = await tempDir('sak-accounts-');
    keyFile = await writeKeyFile(dir, 'key.pem', rsaKey().pkcs1);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const write = async (name: string, content: unknown, mode: number) => {
    const file = join(dir, name);
    await writeFile(file, JSON.stringify(content));
    await chmod(file, mode);
    return file;
  };
  const account = () => ({ id: 'acct-1', name: 'Publisher', privateKeyFile: keyFile, scopes: ['publishing'], operators: ['y0zpz1a2b3'] });

  it('loads a 0600 file', async () => {
    const { accounts, problems } = await loadServiceAccounts(await write('ok.json', [account()], 0o600));
    assert.deepEqual(problems, []);
    assert.deepEqual(accounts.map((a) => [a.id, [...a.operators]]), [['acct-1', ['y0zpz1a2b3']]]);
  });

  it('reads roles: operators are admins, roles add viewers and releasers, a user named twice with two roles is refused', async () => {
    const ok = await loadServiceAccounts(await write('roles.json', [{ ...account(), roles: { y0zpz4c5d6: 'releaser', y0zpz7e8f9: 'viewer', y0zpz1a2b3: 'admin' } }], 0o600));
    assert.deepEqual(ok.problems, []);
    assert.deepEqual({ ...ok.accounts[0]!.roles }, { y0zpz1a2b3: 'admin', y0zpz4c5d6: 'releaser', y0zpz7e8f9: 'viewer' });
    assert.equal(Object.getPrototypeOf(ok.accounts[0]!.roles), null, 'no inherited "roles" such as __proto__ or constructor');
    const noOperators = await loadServiceAccounts(await write('roles-only.json', [{ ...account(), operators: undefined, roles: { y0zpz4c5d6: 'viewer' } }], 0o600));
    assert.deepEqual(noOperators.problems, []);
    const bad = await loadServiceAccounts(await write('bad-roles.json', [{ ...account(), roles: { y0zpz4c5d6: 'owner', y0zpz1a2b3: 'viewer' } }, { ...account(), id: 'acct-2', roles: ['y0zpz4c5d6'] }], 0o600));
    assert.deepEqual(bad.accounts, []);
    assert.deepEqual(
      bad.problems.map((p) => p.variable),
      ['GALAXY_SERVICE_ACCOUNTS[0].roles.y0zpz4c5d6', 'GALAXY_SERVICE_ACCOUNTS[0].roles.y0zpz1a2b3', 'GALAXY_SERVICE_ACCOUNTS[1].roles'],
    );
    assert.match(bad.problems[0]!.problem, /one of viewer, releaser, admin/);
    assert.match(bad.problems[1]!.problem, /"operators" lists this user/);
  });

  for (const mode of [0o644, 0o660, 0o606, 0o640]) {
    it(`refuses a file with permissions 0${mode.toString(8)}, as a key file would be (another user could make themselves an operator)`, async () => {
      const file = await write(`open-${mode.toString(8)}.json`, [account()], mode);
      const { accounts, problems } = await loadServiceAccounts(file);
      assert.deepEqual(accounts, []);
      assert.equal(problems.length, 1);
      assert.equal(problems[0]!.variable, 'GALAXY_SERVICE_ACCOUNTS');
      assert.match(problems[0]!.problem, new RegExp(`permissions 0${mode.toString(8)}: group or others can access it`));
      assert.equal(problems[0]!.example, `chmod 600 ${file}`);
    });
  }

  it('lists every problem of the entries at once', async () => {
    const file = await write('bad.json', [account(), { ...account(), scopes: ['admin'], operators: 'me' }], 0o600);
    const { problems } = await loadServiceAccounts(file);
    assert.deepEqual(problems.map((p) => p.variable).sort(), ['GALAXY_SERVICE_ACCOUNTS[1].id', 'GALAXY_SERVICE_ACCOUNTS[1].operators', 'GALAXY_SERVICE_ACCOUNTS[1].scopes']);
  });
});
