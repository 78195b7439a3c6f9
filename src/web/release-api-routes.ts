/**
 * The release console's JSON API, under `/api/galaxy/accounts/:accountId/apps` (a contract:
 * outside checks drive it). Signed-in users with a role in the account; state-changing routes
 * behind the Galaxy API's CSRF guard (x-csrf-token), the role, a per-user limit and the audit
 * trail. Go live and completing a rollout answer 202 with a `confirmToken` first; the same call
 * with it does the thing. Errors as everywhere: `{"error":{"code","message","hint"}}`.
 */
import express, { type Request, type Response, type NextFunction, type Router } from 'express';
import type { ReleaseConsole } from '../portal/release-console.js';
import type { AppRef } from '../portal/release-context.js';
import { SamsungAuthError } from '../errors.js';
import { confirmationRefused, isConfirmed, issueConfirmation, type ConfirmationSubject } from './confirmations.js';
import { relayUpload } from './release-upload.js';

type Handler = (req: Request, ref: AppRef, res: Response) => Promise<unknown>;

export function releaseApiRouter(release: ReleaseConsole, options: { appOrigin: string; now?: () => number }): Router {
  const router = express.Router({ mergeParams: true });
  const now = options.now ?? Date.now;
  const json = (handler: Handler, status = 200) => async (req: Request, res: Response, next: NextFunction) => {
    try {
      const body = await handler(req, refOf(req), res);
      if (!res.headersSent) res.status(res.statusCode !== 200 ? res.statusCode : status).set('cache-control', 'no-store').json(body);
    } catch (err) {
      next(err);
    }
  };
  /** The confirmation step: 202 with a token first; with a valid token, the action. */
  const confirmed = (action: ConfirmationSubject['action'], run: (ref: AppRef) => Promise<unknown>): Handler => async (req, ref, res) => {
    const subject = { action, accountId: ref.accountId, contentId: ref.contentId };
    const key = req.samsungAuth!.csrfToken!;
    const token = (req.body as { confirmToken?: unknown } | undefined)?.confirmToken;
    if (token === undefined) {
      // Only someone who may take the action is asked to confirm it.
      await release.authorize(ref, action);
      res.status(202);
      return { confirmationRequired: true, action, ...issueConfirmation(key, subject, now()) };
    }
    if (!isConfirmed(key, subject, token, now())) throw confirmationRefused();
    return run(ref);
  };

  router.get('/', json((_req, ref) => release.reads.accountApps(ref.userId, ref.accountId)));
  router.get('/:contentId', json((_req, ref) => release.reads.app(ref)));
  router.post('/:contentId/binaries', json((req, ref, res) => relayUpload(req, res, release, ref, options.appOrigin), 201));
  router.delete('/:contentId/binaries/:binarySeq', json((req, ref) => release.actions.removeBinary(ref, String(req.params.binarySeq))));
  router.put('/:contentId/release-notes', json((req, ref) => release.actions.setReleaseNotes(ref, field(req, 'releaseNotes'))));
  router.post('/:contentId/submit', json((_req, ref) => release.actions.submit(ref)));
  router.post('/:contentId/go-live', json(confirmed('app.go_live', (ref) => release.actions.goLive(ref))));
  router.get('/:contentId/rollout', json((_req, ref) => release.reads.rollout(ref)));
  router.put(
    '/:contentId/rollout',
    json((req, ref, res) => {
      const body = (req.body ?? {}) as { complete?: unknown; rolloutRate?: unknown; countries?: unknown };
      if (body.complete === true) return confirmed('rollout.complete', (r) => release.actions.completeRollout(r))(req, ref, res);
      return release.actions.setRollout(ref, { ...(body.rolloutRate !== undefined ? { rolloutRate: body.rolloutRate as number } : {}), ...(Array.isArray(body.countries) ? { countries: body.countries } : {}) });
    }),
  );
  router.get('/:contentId/stats', json((req, ref) => release.reads.stats(ref, queryOf(req))));
  router.get('/:contentId/iap/items', json((_req, ref) => release.reads.iapItems(ref)));
  router.post('/:contentId/iap/items', json((req, ref) => release.iap.create(ref, req.body), 201));
  router.put('/:contentId/iap/items', json((req, ref) => release.iap.replace(ref, req.body)));
  router.patch('/:contentId/iap/items', json((req, ref) => release.iap.patch(ref, req.body)));
  router.get('/:contentId/iap/items/:itemId', json((req, ref) => release.reads.iapItem(ref, String(req.params.itemId))));
  router.put('/:contentId/iap/items/:itemId', json((req, ref) => release.iap.replace(ref, { ...req.body, id: String(req.params.itemId) })));
  router.patch('/:contentId/iap/items/:itemId', json((req, ref) => release.iap.patch(ref, { ...req.body, id: String(req.params.itemId) })));
  router.delete('/:contentId/iap/items/:itemId', json((req, ref) => release.iap.remove(ref, String(req.params.itemId))));
  return router;
}

function refOf(req: Request): AppRef {
  return { userId: req.samsungAuth!.user!.id, accountId: String(req.params.accountId), contentId: String(req.params.contentId ?? '') };
}

function field(req: Request, name: string): string {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  if (typeof value !== 'string') throw new SamsungAuthError('BAD_REQUEST', `The body needs "${name}" (text).`, { status: 400 });
  return value;
}

function queryOf(req: Request): { metric?: string; from?: string; to?: string } {
  const one = (name: string) => (typeof req.query[name] === 'string' ? (req.query[name] as string) : undefined);
  const out: { metric?: string; from?: string; to?: string } = {};
  for (const k of ['metric', 'from', 'to'] as const) {
    const v = one(k);
    if (v !== undefined) out[k] = v;
  }
  return out;
}
