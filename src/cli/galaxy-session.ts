/**
 * The Developer API client a command works with: the token given (`--token`,
 * `GALAXY_ACCESS_TOKEN`), or one minted with the key for this run and revoked when it ends
 * (`--keep-token` leaves it live). The token is never printed.
 */
import { GalaxyStoreClient } from '../galaxy/galaxy-store-client.js';
import { GalaxyTokenManager } from '../galaxy/token-manager.js';
import type { CliContext } from './cli-context.js';
import { accessToken, connection, loadKey, scopes, serviceAccountId, str, uploadSettings, type OptionValues } from './cli-options.js';

/** Runs `fn` with a client; revokes a token minted for the run afterwards (unless --keep-token). */
export async function withGalaxy<T>(
  values: OptionValues,
  ctx: CliContext,
  command: string,
  defaultScopes: string,
  fn: (client: GalaxyStoreClient) => Promise<T>,
): Promise<T> {
  const id = serviceAccountId(values, ctx.env, command);
  const conn = { ...connection(values, ctx.env, command), ...uploadSettings(values, ctx.env, command) };
  const wanted = scopes(values, defaultScopes);
  if (str(values, 'token') !== undefined || ctx.env.GALAXY_ACCESS_TOKEN) {
    const token = await accessToken(values, ctx.env, command);
    return fn(new GalaxyStoreClient({ ...conn, serviceAccountId: id, accessToken: token }));
  }
  const key = await loadKey(values, ctx.env, command);
  const manager = new GalaxyTokenManager({ ...conn, serviceAccountId: id, privateKey: key, scopes: wanted });
  try {
    return await fn(new GalaxyStoreClient({ ...conn, serviceAccountId: id, accessToken: manager }));
  } finally {
    if (values['keep-token'] !== true) {
      await manager.revoke().catch(() => ctx.err('samsung-auth: warning: the access token minted for this run could not be revoked; revoke it later ("samsung-auth token revoke").\n'));
    } else {
      ctx.err('samsung-auth: --keep-token: the access token minted for this run stays live (it never expires).\n');
    }
  }
}
