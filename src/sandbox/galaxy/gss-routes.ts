/**
 * The sandbox's GSS statistics (PROTOCOL §2.5; scope `gss`): sellerMetric and contentMetric over
 * demo data for the last 90 days (deterministic, numbers as strings). Both answer `303 See Other`
 * to a result location that answers 303 once more, then 200: clients must poll (on the API host).
 */
import { createHash, randomBytes } from 'node:crypto';
import express from 'express';
import { GSS_METRICS } from '../../galaxy/api/stats.js';
import { instrument, requireAccessToken, type GalaxyRouteContext } from './access-token-routes.js';
import { SellerRefusal, type PublishingState } from './publishing-state.js';
import { jsonBody, sendRefusal, textBody } from './seller-answers.js';

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A demo value for one app, metric and day: stable across runs. */
function demoValue(contentId: string, metric: string, date: string): number {
  const n = createHash('sha256').update(`${contentId}|${metric}|${date}`).digest().readUInt16BE(0);
  if (metric === 'daily_rat_score') return 1 + (n % 10);
  if (metric.startsWith('revenue')) return Math.round((n % 5000) * 1.3) / 100;
  return n % 400;
}

/** The start of the bucket a date falls in: itself, its Monday, or the first of its month. */
function bucket(date: string, by: string): string {
  if (by === 'month') return `${date.slice(0, 8)}01`;
  if (by === 'week') {
    const t = Date.parse(`${date}T00:00:00Z`);
    const monday = t - ((new Date(t).getUTCDay() + 6) % 7) * DAY_MS;
    return new Date(monday).toISOString().slice(0, 10);
  }
  return date;
}

function metrics(contentIds: string[], metricIds: string[], start: string, end: string, by: string, now: number) {
  const oldest = new Date(now - 89 * DAY_MS).toISOString().slice(0, 10);
  const today = new Date(now).toISOString().slice(0, 10);
  const content: Record<string, { metrics: Record<string, { dailyTrend: Record<string, { value: string }> }> }> = {};
  for (const id of contentIds) {
    const byMetric: Record<string, { dailyTrend: Record<string, { value: string }> }> = {};
    for (const m of metricIds) {
      const sums = new Map<string, number[]>();
      for (let t = Date.parse(`${start}T00:00:00Z`); t <= Date.parse(`${end}T00:00:00Z`); t += DAY_MS) {
        const d = new Date(t).toISOString().slice(0, 10);
        if (d < oldest || d > today) continue;
        const key = bucket(d, by);
        sums.set(key, [...(sums.get(key) ?? []), demoValue(id, m, d)]);
      }
      const trend: Record<string, { value: string }> = {};
      for (const [k, vs] of sums) {
        const total = vs.reduce((a, b) => a + b, 0);
        trend[k] = { value: String(m === 'daily_rat_score' ? Math.round((total / vs.length) * 10) / 10 : Math.round(total * 100) / 100) };
      }
      byMetric[m] = { dailyTrend: trend };
    }
    content[id] = { metrics: byMetric };
  }
  return { startDate: start, endDate: end, content };
}

export function gssRoutes(ctx: GalaxyRouteContext & { state: PublishingState; now?: () => number }): express.Router {
  const router = express.Router();
  const now = ctx.now ?? Date.now;
  const results = new Map<string, { polls: number; body: unknown }>();

  const query = (name: 'sellerMetric' | 'contentMetric') => {
    const auth = requireAccessToken(ctx, 'gss', { accountHeaderOptional: name === 'contentMetric' });
    router.post(`/gss/query/${name}`, ...instrument(ctx, `galaxy.${name}`), auth, textBody, (req, res) => {
      const body = jsonBody(req, res);
      if (!body) return;
      const ids = body.metricIds;
      const period = Array.isArray(body.periods) ? (body.periods[0] as Record<string, unknown> | undefined) : undefined;
      const by = String(body.trendAggregation ?? 'day');
      const refuse = (m: string) => sendRefusal(res, 'flat', new SellerRefusal('4001', m));
      if (!Array.isArray(ids) || ids.length === 0 || !ids.every((m) => GSS_METRICS.includes(m as string))) return refuse('metricIds must be known metric ids');
      if (!period || !DATE.test(String(period.startDate)) || !DATE.test(String(period.endDate)) || String(period.startDate) > String(period.endDate)) {
        return refuse('periods must be [{startDate, endDate}] as YYYY-MM-DD');
      }
      if (!['day', 'week', 'month'].includes(by)) return refuse('trendAggregation must be day, week or month');
      let contentIds = ctx.state.list().map((a) => a.contentId);
      if (name === 'contentMetric') {
        if (typeof body.contentId !== 'string' || !ctx.state.find(body.contentId)) return refuse('contentId names no content');
        contentIds = [body.contentId];
      }
      const id = randomBytes(9).toString('base64url');
      results.set(id, { polls: 0, body: { metricIds: ids, data: { periods: [metrics(contentIds, ids as string[], String(period.startDate), String(period.endDate), by, now())] } } });
      if (results.size > 1000) results.delete(results.keys().next().value as string);
      res.status(303).set({ location: `/gss/query/result/${id}`, 'retry-after': '0' }).end();
    });
  };
  query('sellerMetric');
  query('contentMetric');

  router.get('/gss/query/result/:id', ...instrument(ctx, 'galaxy.gssResult'), requireAccessToken(ctx, 'gss', { accountHeaderOptional: true }), (req, res) => {
    const r = results.get(String(req.params.id));
    if (!r) return sendRefusal(res, 'flat', new SellerRefusal('4004', 'No such result', 404));
    r.polls += 1;
    if (r.polls < 2) return void res.status(303).set({ location: `/gss/query/result/${req.params.id}`, 'retry-after': '0' }).end();
    results.delete(String(req.params.id));
    res.json(r.body);
  });

  return router;
}
