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
import type { Logger } from '../log.js';
import { requiresAuth } from './requires-auth.js';
import { renderView } from './views.js';
import { sendPage } from './page-actions.js';
import { statsChartSvg, statsTable } from './stats-chart.js';
import { releaseActionRoutes } from './release-page-actions.js';

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

  releaseActionRoutes(router, release, { ...options, now, refOf, appUrl });
  return router;
}
