/**
 * IAP Publish API v6 (PROTOCOL §2.5): in-app items of an app, by package name. Changes are live at
 * once, even on a live app. `usdPrice` is a number, `localPrice` a string.
 */
import type { OperationRunner } from '../lib/run-operation.js';
import { checkPackageName, invalidInput, objectBody } from './input-checks.js';

/** One country price of an item. */
export interface IapPrice {
  countryId: string;
  currency?: string;
  localPrice: string;
}

/** An in-app item as v6 describes it. */
export interface IapItemV6 {
  id: string;
  title: string;
  description?: string;
  /** `ITEM` (a 2026 client says only that is accepted now); older docs list CONSUMABLE/NON_CONSUMABLE. */
  type: string;
  status: 'PUBLISHED' | 'UNPUBLISHED' | 'REMOVED' | (string & {});
  itemPaymentMethod?: { phoneBillStatus?: boolean; [field: string]: unknown };
  usdPrice: number;
  prices: IapPrice[];
  [field: string]: unknown;
}

/** A page of items. */
export interface IapItemPage {
  itemList: IapItemV6[];
  totalCount: number;
}

/** A PATCH: the id, and what changes. */
export interface IapItemPatch {
  id: string;
  title?: string;
  prices?: { countryId: string; localPrice: string }[];
}

function checkItemId(id: unknown): string {
  if (typeof id !== 'string' || !/^[A-Za-z0-9_.-]{1,150}$/.test(id)) throw invalidInput('An item id is 1-150 letters, digits, "_", "." or "-".');
  return id;
}

function checkItem(item: IapItemV6): IapItemV6 {
  checkItemId(item?.id);
  if (typeof item.title !== 'string' || item.title === '') throw invalidInput('An item needs a title.');
  if (typeof item.usdPrice !== 'number' || !Number.isFinite(item.usdPrice) || item.usdPrice < 0) throw invalidInput('usdPrice is a number (not a string).');
  if (!Array.isArray(item.prices) || item.prices.some((p) => typeof p?.localPrice !== 'string')) {
    throw invalidInput('prices is a list of {countryId, currency, localPrice} with localPrice a string, e.g. "1.99".');
  }
  return item;
}

/** IAP item calls, bound to one client. */
export class IapApi {
  readonly #ops: OperationRunner;

  constructor(ops: OperationRunner) {
    this.#ops = ops;
  }

  /** `GET …/items?page&size` (both required; page from 1). */
  async list(packageName: string, page = 1, size = 20): Promise<IapItemPage> {
    for (const [name, v] of [['page', page], ['size', size]] as const) {
      if (!Number.isInteger(v) || v < 1 || v > 1000) throw invalidInput(`${name} is a whole number from 1 to 1000.`);
    }
    const path = '/iap/v6/applications/{packageName}/items';
    const res = await this.#ops.run('iapList', { params: { packageName: checkPackageName(packageName) }, query: { page, size } });
    const body = objectBody(res, path, '{itemList, totalCount}');
    const itemList = Array.isArray(body.itemList) ? (body.itemList as IapItemV6[]) : [];
    return { itemList, totalCount: Number(body.totalCount ?? itemList.length) };
  }

  /** `GET …/items/{itemId}`. */
  async get(packageName: string, itemId: string): Promise<IapItemV6> {
    const res = await this.#ops.run('iapGet', { params: { packageName: checkPackageName(packageName), itemId: checkItemId(itemId) } });
    return objectBody(res, '/iap/v6/applications/{packageName}/items/{itemId}', 'an item') as IapItemV6;
  }

  /** `POST …/items`: a new item. */
  async create(packageName: string, item: IapItemV6): Promise<IapItemV6> {
    return this.#write('iapCreate', packageName, checkItem(item));
  }

  /** `PUT …/items`: replaces an item whole. */
  async replace(packageName: string, item: IapItemV6): Promise<IapItemV6> {
    return this.#write('iapReplace', packageName, checkItem(item));
  }

  /** `PATCH …/items`: changes the title or prices of an item. */
  async patch(packageName: string, patch: IapItemPatch): Promise<IapItemV6> {
    checkItemId(patch?.id);
    if (patch.prices?.some((p) => typeof p?.localPrice !== 'string')) throw invalidInput('localPrice is a string, e.g. "1.99".');
    return this.#write('iapPatch', packageName, patch);
  }

  /** `DELETE …/items/{itemId}`. */
  async remove(packageName: string, itemId: string): Promise<IapItemV6> {
    const res = await this.#ops.run('iapDelete', { params: { packageName: checkPackageName(packageName), itemId: checkItemId(itemId) } });
    return (res.data ?? { id: itemId }) as IapItemV6;
  }

  async #write(op: 'iapCreate' | 'iapReplace' | 'iapPatch', packageName: string, body: object): Promise<IapItemV6> {
    const res = await this.#ops.run(op, { params: { packageName: checkPackageName(packageName) }, body });
    return (res.data ?? body) as IapItemV6;
  }
}
