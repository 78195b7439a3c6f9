/**
 * The sandbox's IAP Publish API v6 (PROTOCOL §2.5): items per package, live at once. Strict where
 * the docs are contested: `type` must be `ITEM`, `usdPrice` a number from 0 to 400, `localPrice`
 * a string; `page` and `size` both required. A package not linked to IAP answers 106.
 */
import express from 'express';
import { instrument, requireAccessToken, type GalaxyRouteContext } from './access-token-routes.js';
import { demoIapItems } from './demo-apps.js';
import { SellerRefusal, type PublishingState } from './publishing-state.js';
import { jsonBody, sendRefusal, textBody } from './seller-answers.js';

type Item = Record<string, unknown>;
const bad = (message: string) => new SellerRefusal('4001', message);

/** Why a full item is not acceptable, or undefined. */
function itemProblem(item: Item): string | undefined {
  if (typeof item.id !== 'string' || !/^[A-Za-z0-9_.-]{1,150}$/.test(item.id)) return 'id is required';
  if (typeof item.title !== 'string' || item.title === '') return 'title is required';
  if (item.type !== 'ITEM') return 'type must be ITEM';
  if (!['PUBLISHED', 'UNPUBLISHED', 'REMOVED'].includes(String(item.status))) return 'status must be PUBLISHED, UNPUBLISHED or REMOVED';
  if (typeof item.usdPrice !== 'number' || item.usdPrice < 0 || item.usdPrice > 400) return 'usdPrice must be a number from 0 to 400';
  return pricesProblem(item.prices, true);
}

function pricesProblem(prices: unknown, withCurrency: boolean): string | undefined {
  if (!Array.isArray(prices)) return 'prices must be a list';
  for (const p of prices as Item[]) {
    if (typeof p?.countryId !== 'string' || typeof p.localPrice !== 'string' || !/^\d{1,6}(\.\d{1,2})?$/.test(p.localPrice)) {
      return 'each price needs countryId and localPrice as a string, e.g. "1.99"';
    }
    if (withCurrency && typeof p.currency !== 'string') return 'each price needs a currency';
  }
  return undefined;
}

export function iapRoutes(ctx: GalaxyRouteContext & { state: PublishingState }): express.Router {
  const router = express.Router();
  const byPackage = demoIapItems();
  const publishing = requireAccessToken(ctx, 'publishing');
  const route = (name: string) => [...instrument(ctx, `galaxy.${name}`), publishing];
  const base = '/iap/v6/applications/:packageName/items';
  const itemsOf = (res: express.Response, pkg: string) => {
    const items = byPackage.get(pkg);
    if (!items) sendRefusal(res, 'flat', new SellerRefusal('106', 'The application is not linked to IAP'));
    return items;
  };
  const changed = (res: express.Response, item: Item) => {
    ctx.state.changes += 1;
    res.json(item);
  };

  router.get(base, ...route('iapItems'), (req, res) => {
    const num = (v: unknown) => (typeof v === 'string' && /^\d{1,4}$/.test(v) ? Number(v) : NaN);
    const page = num(req.query.page);
    const size = num(req.query.size);
    if (!(page >= 1) || !(size >= 1 && size <= 1000)) return sendRefusal(res, 'flat', bad('page and size are required: page >= 1, size 1 to 1000'));
    const items = itemsOf(res, String(req.params.packageName));
    if (!items) return;
    const all = [...items.values()];
    res.json({ itemList: all.slice((page - 1) * size, page * size), totalCount: all.length });
  });

  router.get(`${base}/:itemId`, ...route('iapGet'), (req, res) => {
    const item = itemsOf(res, String(req.params.packageName))?.get(String(req.params.itemId));
    if (res.headersSent) return;
    if (!item) return sendRefusal(res, 'flat', new SellerRefusal('4004', 'No such item', 404));
    res.json(item);
  });

  for (const [method, name] of [['post', 'iapCreate'], ['put', 'iapReplace']] as const) {
    router[method](base, ...route(name), textBody, (req, res) => {
      const body = jsonBody(req, res);
      if (!body) return;
      const items = itemsOf(res, String(req.params.packageName));
      if (!items) return;
      const problem = itemProblem(body);
      if (problem) return sendRefusal(res, 'flat', bad(problem));
      const exists = items.has(body.id as string);
      if (method === 'post' && exists) return sendRefusal(res, 'flat', new SellerRefusal('4003', 'An item with this id exists'));
      if (method === 'put' && !exists) return sendRefusal(res, 'flat', new SellerRefusal('4004', 'No such item', 404));
      items.set(body.id as string, body);
      changed(res, body);
    });
  }

  router.patch(base, ...route('iapPatch'), textBody, (req, res) => {
    const body = jsonBody(req, res);
    if (!body) return;
    const items = itemsOf(res, String(req.params.packageName));
    if (!items) return;
    const item = items.get(String(body.id));
    if (!item) return sendRefusal(res, 'flat', new SellerRefusal('4004', 'No such item', 404));
    if (body.title !== undefined && (typeof body.title !== 'string' || body.title === '')) return sendRefusal(res, 'flat', bad('title must be text'));
    const problem = body.prices === undefined ? undefined : pricesProblem(body.prices, false);
    if (problem) return sendRefusal(res, 'flat', bad(problem));
    const prices = ((item.prices as Item[]) ?? []).map((p) => ({ ...p, ...((body.prices as Item[] | undefined)?.find((q) => q.countryId === p.countryId) ?? {}) }));
    const next = { ...item, ...(body.title ? { title: body.title } : {}), prices };
    items.set(String(body.id), next);
    changed(res, next);
  });

  router.delete(`${base}/:itemId`, ...route('iapDelete'), (req, res) => {
    const items = itemsOf(res, String(req.params.packageName));
    if (!items) return;
    const item = items.get(String(req.params.itemId));
    if (!item) return sendRefusal(res, 'flat', new SellerRefusal('4004', 'No such item', 404));
    items.delete(String(req.params.itemId));
    changed(res, item);
  });

  return router;
}
