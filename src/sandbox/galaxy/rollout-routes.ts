/**
 * The sandbox's staged rollout (PROTOCOL §2.5): per app and `appStatus` (SALE, REGISTRATION), a
 * rate that may only go up (3103/3203 lower, 3104 the same), country rates not above the
 * default (3105/3204), rollout binaries first (3207); DISABLE_ROLLOUT gives everyone the version.
 * Refusals answer HTTP 200 in the v2 envelope.
 */
import express from 'express';
import { instrument, requireAccessToken, type GalaxyRouteContext } from './access-token-routes.js';
import { SellerRefusal, type PublishingState, type SandboxApp } from './publishing-state.js';
import { digits, jsonBody, refusing, sendRefusal, sendResult, textBody } from './seller-answers.js';

interface Rollout {
  rate: number | null;
  countries: { countryCode: string; rolloutRate: number }[];
  binaries: Set<string>;
}

type AppStatus = 'SALE' | 'REGISTRATION';

/** Rollouts by `contentId|appStatus`; the demo game's live version is at 10% (KOR 5%). */
function demoRollouts(): Map<string, Rollout> {
  return new Map([['000007654321|SALE', { rate: 10, countries: [{ countryCode: 'KOR', rolloutRate: 5 }], binaries: new Set(['101']) }]]);
}

const refuse = (code: string, message: string) => new SellerRefusal(code, message, 200);

function applyRate(r: Rollout, appStatus: AppStatus, body: Record<string, unknown>): void {
  if (r.binaries.size === 0) throw refuse('3207', 'Add rollout binaries first');
  const rate = body.rolloutRate === undefined ? r.rate : body.rolloutRate;
  if (!Number.isInteger(rate) || (rate as number) < 1 || (rate as number) > 100) throw refuse('3104', 'rolloutRate must be a whole number from 1 to 100');
  const next = rate as number;
  if (r.rate !== null && next < r.rate) throw refuse(appStatus === 'SALE' ? '3103' : '3203', `The rollout rate cannot be lowered (now ${r.rate}%)`);
  const countries = Array.isArray(body.countries) ? (body.countries as { countryCode?: unknown; rolloutRate?: unknown }[]) : [];
  for (const c of countries) {
    if (typeof c.countryCode !== 'string' || !/^[A-Z]{3}$/.test(c.countryCode) || !Number.isInteger(c.rolloutRate)) throw refuse('3104', 'countries are {countryCode (alpha-3), rolloutRate}');
    if ((c.rolloutRate as number) > next) throw refuse(appStatus === 'SALE' ? '3105' : '3204', `The rate of ${c.countryCode} is above the default rate`);
    const before = r.countries.find((x) => x.countryCode === c.countryCode);
    if (before && (c.rolloutRate as number) < before.rolloutRate) throw refuse(appStatus === 'SALE' ? '3103' : '3203', `The rate of ${c.countryCode} cannot be lowered`);
  }
  if (r.rate !== null && next === r.rate && countries.length === 0) throw refuse('3104', `The rollout rate is already ${next}%`);
  r.rate = next;
  for (const c of countries) {
    r.countries = [...r.countries.filter((x) => x.countryCode !== c.countryCode), { countryCode: c.countryCode as string, rolloutRate: c.rolloutRate as number }];
  }
}

export function rolloutRoutes(ctx: GalaxyRouteContext & { state: PublishingState }): express.Router {
  const router = express.Router();
  const rollouts = demoRollouts();
  const publishing = requireAccessToken(ctx, 'publishing');
  const route = (name: string) => [...instrument(ctx, `galaxy.${name}`), publishing];
  const get = (id: string, s: AppStatus) => {
    const key = `${id}|${s}`;
    if (!rollouts.has(key)) rollouts.set(key, { rate: null, countries: [], binaries: new Set() });
    return rollouts.get(key)!;
  };
  const appOf = (res: express.Response, id: string): SandboxApp | undefined => {
    const app = ctx.state.find(id);
    if (!app) sendRefusal(res, 'result', new SellerRefusal('4104', 'No content'));
    return app;
  };
  const appStatus = (v: unknown): AppStatus | undefined => (v === 'SALE' || v === 'REGISTRATION' ? v : undefined);

  router.get('/seller/v2/content/stagedRolloutRate', ...route('getRolloutRate'), (req, res) => {
    const id = digits(res, req.query.contentId, 'contentId');
    const s = appStatus(req.query.appStatus);
    if (id === undefined || !appOf(res, id)) return;
    if (!s) return sendRefusal(res, 'result', new SellerRefusal('4001', 'appStatus must be SALE or REGISTRATION'));
    const r = get(id, s);
    sendResult(res, { rolloutRate: r.rate, countries: r.countries });
  });

  router.put('/seller/v2/content/stagedRolloutRate', ...route('setRolloutRate'), textBody, (req, res) => {
    const body = jsonBody(req, res);
    const id = body && digits(res, body.contentId, 'contentId');
    if (!body || id === undefined || !appOf(res, id)) return;
    const s = appStatus(body.appStatus);
    if (!s) return sendRefusal(res, 'result', new SellerRefusal('4001', 'appStatus must be SALE or REGISTRATION'));
    refusing(res, 'result', () => {
      const r = get(id, s);
      if (body.function === 'DISABLE_ROLLOUT') {
        rollouts.set(`${id}|${s}`, { rate: null, countries: [], binaries: new Set() });
      } else if (body.function === 'ENABLE_ROLLOUT') {
        applyRate(r, s, body);
      } else throw refuse('4001', 'function must be ENABLE_ROLLOUT or DISABLE_ROLLOUT');
      ctx.state.changes += 1;
      sendResult(res);
    });
  });

  router.get('/seller/v2/content/stagedRolloutBinary', ...route('getRolloutBinaries'), (req, res) => {
    const id = digits(res, req.query.contentId, 'contentId');
    const app = id === undefined ? undefined : appOf(res, id);
    if (!app) return;
    const binaries = (['SALE', 'REGISTRATION'] as const).flatMap((s) => {
      const record = s === 'SALE' ? app.live : app.draft;
      return (record?.binaries ?? [])
        .filter((b) => get(app.contentId, s).binaries.has(b.binarySeq))
        .map((b) => ({ seq: Number(b.binarySeq), versionCode: b.versionCode, versionName: b.versionName, fileName: b.fileName, fileSize: b.fileSize, rolloutStatus: 'IN_ROLLOUT', appStatus: s }));
    });
    sendResult(res, { binaries });
  });

  router.put('/seller/v2/content/stagedRolloutBinary', ...route('setRolloutBinary'), textBody, (req, res) => {
    const body = jsonBody(req, res);
    const id = body && digits(res, body.contentId, 'contentId');
    const app = body && id !== undefined ? appOf(res, id) : undefined;
    if (!body || !app) return;
    const seq = String(body.binarySeq ?? '');
    const s: AppStatus | undefined = app.live?.binaries.some((b) => b.binarySeq === seq) ? 'SALE' : app.draft?.binaries.some((b) => b.binarySeq === seq) ? 'REGISTRATION' : undefined;
    if (!s) return sendRefusal(res, 'result', refuse('4107', 'No such binary'));
    if (body.function !== 'ADD' && body.function !== 'REMOVE') return sendRefusal(res, 'result', refuse('4001', 'function must be ADD or REMOVE'));
    const set = get(app.contentId, s).binaries;
    if (body.function === 'ADD') set.add(seq);
    else set.delete(seq);
    ctx.state.changes += 1;
    sendResult(res);
  });

  return router;
}
