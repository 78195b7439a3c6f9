/**
 * The release console's pages, mounted at `/apps`: every app you can see, one app's live and
 * draft side by side with its rollout, IAP items and 30-day chart, and the form actions your role
 * allows (upload, remove a draft binary, release notes, submit, go live, rollout, IAP price).
 * No JavaScript needed (forms, post/redirect/get); go live and completing a rollout show a
 * confirmation page first, whose button makes the second POST.
 */
import express, { type Request, type Router } from 'express';
import type { ReleaseConsole } from '../portal/release-console.js';
import type { AppRef } from '../portal/release-context.js';
import { allows } from '../portal/roles.js';
import { SamsungAuthError } from '../errors.js';
import type { Logger } from '../log.js';
import { requiresAuth } from './requires-auth.js';
import { csrfGuard, sameOriginOnly } from './csrf-guard.js';
import { renderView } from './views.js';
import { postRedirectGet, sendPage } from './page-actions.js';
import { confirmationRefused, isConfirmed, issueConfirmation, type ConfirmationSubject } from './confirmations.js';
import { relayUpload } from './release-upload.js';
import { statsChartSvg, statsTable } from './stats-chart.js';

export interface ReleasePagesOptions {
  appOrigin: string;
  viewData: Record<string, unknown>;
  logger?: Logger;
  now?: () => number;
}

const APP_PATH = '/:accountId/:contentId';

export function releasePages(release: ReleaseConsole, options: ReleasePagesOptions): Router {
  const router = express.Router();
  const now = options.now ?? Date.now;
  const refOf = (req: Request): AppRef => ({ userId: req.samsungAuth!.user!.id, accountId: String(req.params.accountId), contentId: String(req.params.contentId) });
  const appUrl = (req: Request) => `/apps/${encodeURIComponent(String(req.params.accountId))}/${encodeURIComponent(String(req.params.contentId))}`;
  const takeFlash = (req: Request) => {
    const data = req.session.samsungAuth!;
    const flash = data.flash;
    if (flash) delete data.flash;
    return flash;
  };
  const prg = (action: (req: Request, res: express.Response) => Promise<string | undefined>) => postRedirectGet(action, appUrl, options.logger);

  router.get('/', requiresAuth(), async (req, res, next) => {
    try {
      const accounts = await release.reads.apps(req.samsungAuth!.user!.id);
      sendPage(res, renderView('apps', { ...options.viewData, accounts, flash: takeFlash(req), user: req.samsungAuth!.user }));
    } catch (err) {
      next(err);
    }
  });

  router.get(APP_PATH, requiresAuth(), async (req, res, next) => {
    try {
      const app = await release.reads.app(refOf(req), { withStats: true });
      const stats = app.stats && 'installs' in app.stats ? app.stats : undefined;
      const series = stats
        ? [
            { id: 'installs', label: 'Installs', unit: 'installs', rows: stats.installs },
            { id: 'revenue', label: 'Revenue', unit: 'USD', rows: stats.revenue },
          ].map((s) => ({ ...s, svg: statsChartSvg(s, `chart-${s.id}`), table: statsTable(s) }))
        : [];
      sendPage(
        res,
        renderView('app', {
          ...options.viewData,
          app,
          series,
          statsProblem: app.stats && 'problem' in app.stats ? app.stats.problem : undefined,
          canRelease: allows(app.role, 'app.submit'),
          csrfToken: req.samsungAuth!.csrfToken,
          flash: takeFlash(req),
          base: appUrl(req),
          maxUploadMb: Math.round(release.maxUploadBytes / 1048576),
        }),
      );
    } catch (err) {
      next(err);
    }
  });

  // The upload's form is multipart: its CSRF field is checked as the body streams in.
  router.post(`${APP_PATH}/binaries`, sameOriginOnly(), requiresAuth(), prg(async (req, res) => {
    const added = await relayUpload(req, res, release, refOf(req), options.appOrigin);
    return `Uploaded ${added.fileName} (${added.fileSize} bytes) as binary ${added.binarySeq}; the draft is ${added.status ?? 'unknown'}.`;
  }));

  router.use(sameOriginOnly(), requiresAuth(), express.urlencoded({ extended: false, limit: '8kb' }), csrfGuard(options.appOrigin));

  /** The confirmation step of a page action: a confirmation page first, the action with its token. */
  const confirmed = (action: ConfirmationSubject['action'], title: string, run: (ref: AppRef) => Promise<string>) =>
    prg(async (req, res) => {
      const ref = refOf(req);
      const subject = { action, accountId: ref.accountId, contentId: ref.contentId };
      const key = req.samsungAuth!.csrfToken!;
      const token = (req.body as Record<string, unknown>).confirmToken;
      if (token === undefined) {
        await release.authorize(ref, action);
        sendPage(res, renderView('confirm', { ...options.viewData, title, action: req.originalUrl.split('?')[0], cancel: appUrl(req), csrfToken: key, ...issueConfirmation(key, subject, now()), contentId: ref.contentId }));
        return undefined;
      }
      if (!isConfirmed(key, subject, token, now())) throw confirmationRefused();
      return run(ref);
    });

  router.post(`${APP_PATH}/binaries/:binarySeq/remove`, prg(async (req) => `Removed binary ${(await release.actions.removeBinary(refOf(req), String(req.params.binarySeq))) && String(req.params.binarySeq)} from the draft.`));
  router.post(`${APP_PATH}/release-notes`, prg(async (req) => {
    const r = await release.actions.setReleaseNotes(refOf(req), text(req, 'releaseNotes'));
    return `Release notes saved; the draft is ${r.status ?? 'unknown'}.`;
  }));
  router.post(`${APP_PATH}/submit`, prg(async (req) => `Submitted for review: the draft is ${(await release.actions.submit(refOf(req))).status ?? 'unknown'}.`));
  router.post(`${APP_PATH}/go-live`, confirmed('app.go_live', 'Put this version on sale?', async (ref) => `On sale: the app is ${(await release.actions.goLive(ref)).status ?? 'unknown'}.`));
  router.post(`${APP_PATH}/rollout`, prg(async (req) => {
    const rate = Number(text(req, 'rolloutRate'));
    await release.actions.setRollout(refOf(req), { rolloutRate: rate });
    return `The staged rollout is now ${rate}%.`;
  }));
  router.post(`${APP_PATH}/rollout/complete`, confirmed('rollout.complete', 'Give this version to everyone?', async (ref) => {
    await release.actions.completeRollout(ref);
    return 'The rollout is complete: everyone gets this version.';
  }));
  router.post(`${APP_PATH}/iap/:itemId/price`, prg(async (req) => {
    const itemId = String(req.params.itemId);
    const localPrice = text(req, 'localPrice');
    if (!/^\d{1,9}(\.\d{1,2})?$/.test(localPrice)) throw new SamsungAuthError('BAD_REQUEST', 'A price is a number such as 1.99.', { status: 400 });
    await release.iap.patch(refOf(req), { id: itemId, prices: [{ countryId: text(req, 'countryId'), localPrice }] });
    return `The price of ${itemId} in ${text(req, 'countryId')} is now ${localPrice}.`;
  }));
  return router;
}

function text(req: Request, name: string): string {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  if (typeof value !== 'string' || value.length > 4000) throw new SamsungAuthError('BAD_REQUEST', `The form needs "${name}".`, { status: 400 });
  return value;
}
