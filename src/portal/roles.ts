/**
 * Who may do what with a service account (issue: the release console). Each account gives each
 * operator one role; a role includes the ones below it:
 *
 * - `viewer`: apps, status, binaries, rollout, IAP items, statistics;
 * - `releaser`: also upload, submit, go live, rollout changes, IAP edits;
 * - `admin`: also the token routines (mint, check, revoke, inventory).
 *
 * Deny by default: a user the account does not name has no role, and every action asks for one.
 */

export type Role = 'viewer' | 'releaser' | 'admin';

export const ROLES: readonly Role[] = Object.freeze(['viewer', 'releaser', 'admin']);

/** Every action the portal audits, with the least role that may take it. */
export const ACTION_ROLES = Object.freeze({
  'token.mint': 'admin',
  'token.check': 'admin',
  'token.revoke': 'admin',
  'token.revoke_all': 'admin',
  'token.list': 'admin',
  'contents.list': 'admin',
  'apps.list': 'viewer',
  'app.view': 'viewer',
  'stats.read': 'viewer',
  'rollout.read': 'viewer',
  'iap.read': 'viewer',
  'binary.upload': 'releaser',
  'binary.remove': 'releaser',
  'notes.set': 'releaser',
  'app.submit': 'releaser',
  'app.go_live': 'releaser',
  'rollout.set': 'releaser',
  'rollout.complete': 'releaser',
  'iap.create': 'releaser',
  'iap.replace': 'releaser',
  'iap.patch': 'releaser',
  'iap.delete': 'releaser',
} satisfies Record<string, Role>);

export type PortalAction = keyof typeof ACTION_ROLES;

const RANK: Readonly<Record<Role, number>> = Object.freeze({ viewer: 1, releaser: 2, admin: 3 });

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** True when `role` may take `action` (no role may take none). */
export function allows(role: Role | undefined, action: PortalAction): boolean {
  return role !== undefined && RANK[role] >= RANK[ACTION_ROLES[action]];
}

/** The role a service account gives a user (`roles` and `operators` were merged when the file was read). */
export function roleIn(account: { readonly roles: Readonly<Record<string, Role>> }, userId: string): Role | undefined {
  return Object.hasOwn(account.roles, userId) ? account.roles[userId] : undefined;
}
