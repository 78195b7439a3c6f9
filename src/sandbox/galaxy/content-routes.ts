/**
 * The sandbox's Content Publish API (PROTOCOL §2.5, §3): contentList, contentInfo (live and draft
 * records), createUploadSessionId, contentUpdate, contentSubmit and contentStatusUpdate (the v2
 * binary calls are in binary-routes.ts), over the per-app {@link PublishingState}. Each route is counted and takes
 * faults; all need the `publishing` scope.
 */
import express from 'express';
import { instrument, requireAccessToken, type GalaxyCaller, type GalaxyRouteContext } from './access-token-routes.js';
import type { PublishingState, SandboxApp, SandboxRecord } from './publishing-state.js';
import { SellerRefusal } from './publishing-state.js';
import { binaryRoutes } from './binary-routes.js';
import { digits, jsonBody, refusing, sendRefusal, textBody } from './seller-answers.js';
import type { UploadedFiles } from './uploaded-files.js';

export interface ContentRouteContext extends GalaxyRouteContext {
  state: PublishingState;
  files: UploadedFiles;
  /** The upload host's fileUpload URL, answered by createUploadSessionId. */
  uploadUrl: string;
}

/** A record as contentInfo shows it: numbers as strings, `appStatus` telling live from draft. */
function recordView(app: SandboxApp, r: SandboxRecord, appStatus: 'SALE' | 'REGISTRATION'): Record<string, unknown> {
  const fields = Object.fromEntries(Object.entries(r.fields).filter(([, v]) => v !== undefined));
  return {
    contentId: app.contentId,
    ...fields,
    contentStatus: r.contentStatus,
    appStatus,
    applicationType: app.applicationType,
    category: app.category,
    modifyDate: app.modifyDate,
    binaryList: r.binaries.map((b) => ({ ...b })),
  };
}

const caller = (res: express.Response) => res.locals.galaxy as GalaxyCaller;

export function contentRoutes(ctx: ContentRouteContext): express.Router {
  const router = express.Router();
  const publishing = requireAccessToken(ctx, 'publishing');
  const route = (name: string) => [...instrument(ctx, `galaxy.${name}`), publishing];
  const { state } = ctx;

  router.get('/seller/contentList', ...route('contentList'), (_req, res) => {
    res.json(
      state.list().map((a) => {
        const shown = a.live ?? a.draft!;
        const f = shown.fields;
        return { contentName: a.contentName, contentId: a.contentId, contentStatus: shown.contentStatus, standardPrice: f.standardPrice, paid: f.paid, modifyDate: a.modifyDate };
      }),
    );
  });

  router.get('/seller/contentInfo', ...route('contentInfo'), (req, res) => {
    const id = digits(res, req.query.contentId, 'contentId');
    if (id === undefined) return;
    const app = state.find(id);
    if (!app) return void res.json([]);
    const records = [app.live && recordView(app, app.live, 'SALE'), app.draft && recordView(app, app.draft, 'REGISTRATION')];
    res.json(records.filter(Boolean));
  });

  router.post('/seller/createUploadSessionId', ...route('createUploadSession'), (_req, res) => {
    res.json({ url: ctx.uploadUrl, sessionId: ctx.files.newSession(caller(res).account.id) });
  });

  router.post('/seller/contentUpdate', ...route('contentUpdate'), textBody, (req, res) => {
    const body = jsonBody(req, res);
    const id = body && digits(res, body.contentId, 'contentId');
    if (!body || id === undefined) return;
    const { contentId: _c, ...fields } = body;
    // Samsung answers contentUpdate refusals with HTTP 200 and the error in the body.
    const refusedAs = { contentId: id, contentStatus: state.find(id)?.draft?.contentStatus ?? null, httpStatus: 'BAD_REQUEST' };
    refusing(
      res,
      'flat',
      () => {
        try {
          const app = state.update(id, fields);
          res.json({ contentId: id, contentStatus: app.draft?.contentStatus === 'UPDATING' ? 'UPDATING' : 'REGISTERING', httpStatus: 'OK', errorCode: null, errorMsg: null });
        } catch (err) {
          if (err instanceof SellerRefusal) throw new SellerRefusal(err.code, err.message, 200);
          throw err;
        }
      },
      refusedAs,
    );
  });

  router.post('/seller/contentSubmit', ...route('contentSubmit'), textBody, (req, res) => {
    const body = jsonBody(req, res);
    const id = body && digits(res, body.contentId, 'contentId');
    if (!body || id === undefined) return;
    if (!state.find(id)) return sendRefusal(res, 'wrapped', new SellerRefusal('4104', 'No content'));
    // Refusals come with HTTP 200, the error in the wrapped body (PROTOCOL §2.5).
    refusing(res, 'wrapped', () => {
      try {
        state.submit(id);
      } catch (err) {
        throw err instanceof SellerRefusal ? new SellerRefusal(err.code, err.message, 200) : err;
      }
      res.status(204).end();
    });
  });

  router.post('/seller/contentStatusUpdate', ...route('contentStatusUpdate'), textBody, (req, res) => {
    const body = jsonBody(req, res);
    const id = body && digits(res, body.contentId, 'contentId');
    if (!body || id === undefined) return;
    if (!['FOR_SALE', 'SUSPENDED', 'TERMINATED'].includes(String(body.contentStatus))) {
      return sendRefusal(res, 'wrapped', new SellerRefusal('4001', 'contentStatus must be FOR_SALE, SUSPENDED or TERMINATED'));
    }
    refusing(res, 'wrapped', () => (state.changeStatus(id, String(body.contentStatus)), res.status(204).end()));
  });

  router.use(binaryRoutes(ctx));
  return router;
}
