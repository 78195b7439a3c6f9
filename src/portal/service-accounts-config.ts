/**
 * `GALAXY_SERVICE_ACCOUNTS`: a JSON file listing the service accounts the portal exposes and who
 * may operate each. Checked at start with every problem listed: at most five accounts (as Seller
 * Portal allows), unique ids, valid scopes, roles, keys that load, key files and the file itself
 * not readable by others (mode 0600, as for keys).
 *
 * ```json
 * [{"id": "...", "name": "Publishing bot", "privateKeyFile": "keys/bot.pem", "scopes": ["publishing"],
 *   "roles": {"y0zpz...": "releaser", "y0zpq...": "viewer"}, "operators": ["y0zpa..."]}]
 * ```
 *
 * `roles` gives each Samsung user id one of `viewer`, `releaser`, `admin`; `operators` (the older
 * form) lists admins. A user listed in both must be given the same role.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { ConfigProblem } from '../errors.js';
import { isSamsungAuthError } from '../errors.js';
import { formatMode, loadPrivateKey, type ServiceAccountKey } from '../galaxy/load-private-key.js';
import { GALAXY_SCOPES, type GalaxyScope } from '../galaxy/galaxy-scopes.js';
import { ROLES, isRole, type Role } from './roles.js';

export interface ServiceAccountConfig {
  readonly id: string;
  readonly name: string;
  readonly privateKeyFile: string;
  readonly scopes: readonly GalaxyScope[];
  /** Samsung user ids listed in `operators` (admins). */
  readonly operators: readonly string[];
  /** Each user's role: `roles`, and `operators` as admins. Users not named here have none. */
  readonly roles: Readonly<Record<string, Role>>;
  readonly key: ServiceAccountKey;
}

export const MAX_SERVICE_ACCOUNTS = 5;
const VARIABLE = 'GALAXY_SERVICE_ACCOUNTS';

/** Reads and checks the file; returns the accounts and every problem found. */
export async function loadServiceAccounts(file: string): Promise<{ accounts: ServiceAccountConfig[]; problems: ConfigProblem[] }> {
  const problems: ConfigProblem[] = [];
  let raw: unknown;
  try {
    // The file decides who may act on which account: like a key file, nobody else may read or
    // change it (a group-writable file lets another user make themselves an operator).
    const mode = (await stat(file)).mode & 0o777;
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
      problems.push({
        variable: VARIABLE,
        problem: `names ${file}, which has permissions ${formatMode(mode)}: group or others can access it (it says who may act on each account)`,
        example: `chmod 600 ${file}`,
      });
      return { accounts: [], problems };
    }
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    problems.push({
      variable: VARIABLE,
      problem: code === 'ENOENT' ? `names ${file}, which does not exist` : code ? `names ${file}, which cannot be read (${code})` : `names ${file}, which is not valid JSON`,
      example: 'config/service-accounts.json',
    });
    return { accounts: [], problems };
  }
  const example = '[{"id":"...","name":"...","privateKeyFile":"key.pem","scopes":["publishing"],"roles":{"<Samsung userId>":"releaser"}}]';
  if (!Array.isArray(raw)) {
    problems.push({ variable: VARIABLE, problem: 'the file must hold a JSON array of service accounts', example });
    return { accounts: [], problems };
  }
  if (raw.length === 0) problems.push({ variable: VARIABLE, problem: 'the file lists no service account', example });
  if (raw.length > MAX_SERVICE_ACCOUNTS) {
    problems.push({ variable: VARIABLE, problem: `lists ${raw.length} service accounts; Seller Portal allows at most ${MAX_SERVICE_ACCOUNTS}` });
  }
  const seen = new Set<string>();
  const accounts: ServiceAccountConfig[] = [];
  for (const [i, entry] of raw.entries()) {
    const at = (field: string) => `${VARIABLE}[${i}].${field}`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push({ variable: `${VARIABLE}[${i}]`, problem: 'must be an object', example });
      continue;
    }
    const account = await readEntry(entry as Record<string, unknown>, { file, at, seen, problems });
    if (account) accounts.push(account);
  }
  return { accounts, problems };
}

/** One entry of the file, checked: the account, or undefined with its problems added. */
async function readEntry(
  e: Record<string, unknown>,
  ctx: { file: string; at: (field: string) => string; seen: Set<string>; problems: ConfigProblem[] },
): Promise<ServiceAccountConfig | undefined> {
  const { file, at, seen, problems } = ctx;
  const before = problems.length;
  if (typeof e.id !== 'string' || !/^[A-Za-z0-9._-]{1,128}$/.test(e.id)) {
    problems.push({ variable: at('id'), problem: 'must be the service account id (letters, digits, ".", "_", "-")' });
  } else if (seen.has(e.id)) {
    problems.push({ variable: at('id'), problem: `"${e.id}" is listed twice` });
  } else seen.add(e.id);
  if (typeof e.name !== 'string' || e.name.trim() === '' || e.name.length > 100) problems.push({ variable: at('name'), problem: 'must be a short display name' });
  const scopes = e.scopes;
  if (!Array.isArray(scopes) || scopes.length === 0 || scopes.some((s) => !GALAXY_SCOPES.includes(s as GalaxyScope)) || new Set(scopes).size !== scopes.length) {
    problems.push({ variable: at('scopes'), problem: `must be a non-empty list of distinct scopes from ${GALAXY_SCOPES.join(', ')}`, example: '["publishing"]' });
  }
  const operators = e.operators ?? [];
  if (!Array.isArray(operators) || operators.some((o) => typeof o !== 'string' || o === '')) {
    problems.push({ variable: at('operators'), problem: 'must be a list of Samsung user ids (may be empty)', example: '["y0zpz..."]' });
  }
  const roles = readRoles(e.roles, Array.isArray(operators) ? operators : [], at('roles'), problems);
  let key: ServiceAccountKey | undefined;
  if (typeof e.privateKeyFile !== 'string' || e.privateKeyFile === '') {
    problems.push({ variable: at('privateKeyFile'), problem: 'must name the key file downloaded from Seller Portal' });
  } else {
    try {
      key = await loadPrivateKey({ file: resolve(dirname(file), e.privateKeyFile) });
    } catch (err) {
      problems.push({ variable: at('privateKeyFile'), problem: isSamsungAuthError(err) ? `${err.message}${err.hint ? ` ${err.hint}` : ''}` : 'cannot be loaded' });
    }
  }
  if (problems.length !== before || !key) return undefined;
  return Object.freeze({
    id: e.id as string,
    name: e.name as string,
    privateKeyFile: resolve(dirname(file), e.privateKeyFile as string),
    scopes: Object.freeze([...(scopes as GalaxyScope[])]),
    operators: Object.freeze([...(operators as string[])]),
    roles,
    key,
  });
}

/** `roles` checked, merged with `operators` (admins) into one frozen map without a prototype. */
function readRoles(value: unknown, operators: readonly unknown[], variable: string, problems: ConfigProblem[]): Readonly<Record<string, Role>> {
  const roles = Object.create(null) as Record<string, Role>;
  for (const id of operators) if (typeof id === 'string' && id !== '') roles[id] = 'admin';
  if (value === undefined) return Object.freeze(roles);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push({ variable, problem: `must be an object of Samsung user id to role (${ROLES.join(', ')})`, example: '{"y0zpz...": "releaser"}' });
    return Object.freeze(roles);
  }
  for (const [userId, role] of Object.entries(value)) {
    if (userId === '' || userId.length > 128) {
      problems.push({ variable, problem: 'names an empty or over-long user id' });
    } else if (!isRole(role)) {
      problems.push({ variable: `${variable}.${userId}`, problem: `must be one of ${ROLES.join(', ')}` });
    } else if (roles[userId] !== undefined && roles[userId] !== role) {
      problems.push({ variable: `${variable}.${userId}`, problem: `says ${role}, but "operators" lists this user (admin): name the user once` });
    } else {
      roles[userId] = role;
    }
  }
  return Object.freeze(roles);
}
