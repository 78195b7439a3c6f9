/**
 * In-app item changes through the release console (releaser and up): create, replace, patch
 * (title or prices) and delete, by the app's package name. Changes are live at once at Samsung,
 * so each is audited with Samsung's answer.
 */
import type { IapItemPatch, IapItemV6 } from '../galaxy/api/iap.js';
import { SamsungAuthError } from '../errors.js';
import { packageOrFail } from './release-reads.js';
import type { AppRef, ReleaseContext } from './release-context.js';

export class IapActions {
  readonly #ctx: ReleaseContext;

  constructor(ctx: ReleaseContext) {
    this.#ctx = ctx;
  }

  async create(ref: AppRef, item: IapItemV6): Promise<IapItemV6> {
    return this.#ctx.act(ref, 'iap.create', async (client) => ({ result: await client.iap.create(await packageOrFail(client, ref.contentId), item), samsungCode: 'ok', detail: `item ${String(item?.id).slice(0, 150)}` }));
  }

  async replace(ref: AppRef, item: IapItemV6): Promise<IapItemV6> {
    return this.#ctx.act(ref, 'iap.replace', async (client) => ({ result: await client.iap.replace(await packageOrFail(client, ref.contentId), item), samsungCode: 'ok', detail: `item ${String(item?.id).slice(0, 150)}` }));
  }

  /** Changes an item's title or prices (the price editor of the app page). */
  async patch(ref: AppRef, patch: IapItemPatch): Promise<IapItemV6> {
    checkPatch(patch);
    return this.#ctx.act(ref, 'iap.patch', async (client) => ({ result: await client.iap.patch(await packageOrFail(client, ref.contentId), patch), samsungCode: 'ok', detail: `item ${String(patch?.id).slice(0, 150)}` }));
  }

  async remove(ref: AppRef, itemId: string): Promise<IapItemV6> {
    return this.#ctx.act(ref, 'iap.delete', async (client) => ({ result: await client.iap.remove(await packageOrFail(client, ref.contentId), itemId), samsungCode: 'ok', detail: `item ${String(itemId).slice(0, 150)}` }));
  }
}

/** A patch is `{id, title?, prices?: [{countryId, localPrice}]}` and nothing else; checked before any call. */
function checkPatch(patch: IapItemPatch): void {
  const bad = () => new SamsungAuthError('BAD_REQUEST', 'An item patch is {"id", "title"?, "prices"?: [{"countryId", "localPrice"}]} with localPrice a string such as "1.99".', { status: 400 });
  if (typeof patch !== 'object' || patch === null || typeof patch.id !== 'string') throw bad();
  if (Object.keys(patch).some((k) => !['id', 'title', 'prices'].includes(k))) throw bad();
  if (patch.title !== undefined && (typeof patch.title !== 'string' || patch.title === '')) throw bad();
  if (patch.prices !== undefined) {
    if (!Array.isArray(patch.prices) || patch.prices.length === 0) throw bad();
    for (const p of patch.prices as unknown[]) {
      const o = p as { countryId?: unknown; localPrice?: unknown } | null;
      if (typeof o !== 'object' || o === null || typeof o.countryId !== 'string' || typeof o.localPrice !== 'string') throw bad();
    }
  }
}
