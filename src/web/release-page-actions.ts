/**
 * The release console's form actions (mounted by {@link releasePages}): post/redirect/get to the
 * app's page with a one-time notice. The upload form is multipart (its `_csrf` field comes first
 * and is checked as the body streams in); the others are small urlencoded forms behind the CSRF
 * guard. Go live and completing a rollout render a confirmation page first; its button posts
 * again with the confirmation token.
 */
import express, { type Request, type Router } from 'express';
import type { ReleaseConsole } from '../portal/release-console.js';
import type { AppRef } from '../portal/release-context.js';
import { SamsungAuthError } from '../errors.js';
import type { Logger } from '../log.js';
import { requiresAuth } from './requires-auth.js';
import { csrfGuard, sameOriginOnly } from './csrf-guard.js';
import { renderView } from './views.js';
import { postRedirectGet, sendPage } from './page-actions.js';
import { confirmationRefused, isConfirmed, issueConfirmation, type ConfirmationSubject } from './confirmations.js';
import { relayUpload } from './release-upload.js';

const APP_PATH = '/:accountId/:contentId';

export interface ReleaseActionRouteOptions {
  appOrigin: string;
  viewData: Record<string, unknown>;
  logger?: Logger;
  now: () => number;
  refOf: (req: Request) => AppRef;
  appUrl: (req: Request) => string;
}

export function releaseActionRoutes(router: Router, release: ReleaseConsole, options: ReleaseActionRouteOptions): void {
  const { now, refOf, appUrl } = options;
  const prg = (action: (req: Request, res: express.Response) => Promise<string | undefined>) => postRedirectGet(action, appUrl, options.logger);

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

  router.post(`${APP_PATH}/binaries/:binarySeq/remove`, prg(async (req) => {
    const binarySeq = String(req.params.binarySeq);
    await release.actions.removeBinary(refOf(req), binarySeq);
    return `Removed binary ${binarySeq} from the draft.`;
  }));
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
}

function text(req: Request, name: string): string {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  if (typeof value !== 'string' || value.length > 4000) throw new SamsungAuthError('BAD_REQUEST', `The form needs "${name}".`, { status: 400 });
  return value;
}
