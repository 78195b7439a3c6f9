/**
 * A few Galaxy Store APIs with demo data (PROTOCOL §2.5), so a token can be seen at work:
 * content list/info/submit and the IAP item list. All need the `publishing` scope.
 */
import express from 'express';
import { sendGalaxyError } from './galaxy-answers.js';
import { instrument, requireAccessToken, type GalaxyRouteContext } from './access-token-routes.js';
import { DEMO_IAP_ITEMS, demoContents } from './demo-data.js';

const invalid = (message: string) => ({ status: 422, code: 'REQUEST_VALIDATION_FAILED', message });

/** The seller and IAP sample APIs, each counted, faultable and token-authenticated. */
export function sellerRoutes(ctx: GalaxyRouteContext): express.Router {
  const router = express.Router();
  // Per sandbox instance: a submit changes the status, as it would in Seller Portal.
  const contents = demoContents();
  const publishing = requireAccessToken(ctx, 'publishing');

  router.get('/seller/contentList', ...instrument(ctx, 'galaxy.contentList'), publishing, (_req, res) => {
    res.json(contents.map(({ packageName: _p, ...entry }) => entry));
  });

  router.get('/seller/contentInfo', ...instrument(ctx, 'galaxy.contentInfo'), publishing, (req, res) => {
    const id = req.query.contentId;
    if (typeof id !== 'string' || !/^\d{1,20}$/.test(id)) return sendGalaxyError(res, invalid('contentId is required'));
    const c = contents.find((x) => x.contentId === id);
    res.json(
      c
        ? [
            {
              contentId: c.contentId,
              appTitle: c.contentName,
              contentStatus: c.contentStatus,
              defaultLanguageCode: 'ENG',
              applicationType: 'android',
              paid: c.paid,
              standardPrice: c.standardPrice,
              binaryList: [{ packageName: c.packageName, versionName: '1.0.0', versionCode: '1' }],
            },
          ]
        : [],
    );
  });

  router.post(
    '/seller/contentSubmit',
    ...instrument(ctx, 'galaxy.contentSubmit'),
    publishing,
    express.text({ type: () => true, limit: '16kb' }),
    (req, res) => {
      if (!req.is('application/json')) return sendGalaxyError(res, invalid('content-type must be application/json'));
      let body: unknown;
      try {
        body = JSON.parse(typeof req.body === 'string' ? req.body : '');
      } catch {
        return sendGalaxyError(res, invalid('the body is not JSON'));
      }
      const id = (body as { contentId?: unknown } | null)?.contentId;
      if (typeof id !== 'string' || !/^\d{1,20}$/.test(id)) return sendGalaxyError(res, invalid('contentId is required'));
      const c = contents.find((x) => x.contentId === id);
      if (!c) return sendGalaxyError(res, invalid('content not found'));
      c.contentStatus = 'UNDER_REVIEW';
      res.status(204).end();
    },
  );

  router.get('/iap/v6/applications/:packageName/items', ...instrument(ctx, 'galaxy.iapItems'), publishing, (req, res) => {
    const num = (v: unknown, d: number) => (v === undefined ? d : typeof v === 'string' && /^\d{1,4}$/.test(v) ? Number(v) : NaN);
    const page = num(req.query.page, 1);
    const size = num(req.query.size, 20);
    if (!(page >= 1) || !(size >= 1 && size <= 1000)) return sendGalaxyError(res, invalid('page and size must be positive integers'));
    const items = DEMO_IAP_ITEMS[String(req.params.packageName)] ?? [];
    res.json(items.slice((page - 1) * size, page * size));
  });

  return router;
}
