/**
 * GSS statistics (PROTOCOL §2.5; scope `gss`): sellerMetric and contentMetric queries (read-only
 * POSTs, answered through 303 polling at times), and a flattening of the answer into rows.
 */
import type { OperationRunner } from '../lib/run-operation.js';
import { checkContentId, invalidInput, objectBody } from './input-checks.js';

/** Metric ids GSS knows (Samsung's spelling, `daily_rat_volumne` included). */
export const GSS_METRICS: readonly string[] = Object.freeze([
  'total_unique_installs_filter',
  'revenue_total',
  'dn_by_total_dvce',
  'revenue_item',
  'revenue_iap_order_count',
  'daily_rat_score',
  'daily_rat_volumne',
]);

/** A statistics query. */
export interface StatsQuery {
  metricIds: string[];
  /** `YYYY-MM-DD`, GMT. */
  startDate: string;
  endDate: string;
  trendAggregation?: 'day' | 'week' | 'month';
  /** contentMetric only: the app. */
  contentId?: string;
}

/** One value: content, metric, period start, value (numbers often come as strings: kept). */
export interface StatsRow {
  contentId: string;
  metricId: string;
  date: string;
  value: string;
}

/** The raw answer `{metricIds, data{periods[…]}}`. */
export interface StatsAnswer {
  metricIds?: string[];
  data?: { periods?: unknown[] };
  [field: string]: unknown;
}

function checkQuery(q: StatsQuery): void {
  if (!Array.isArray(q.metricIds) || q.metricIds.length === 0 || q.metricIds.some((m) => !GSS_METRICS.includes(m))) {
    throw invalidInput(`metricIds are one or more of ${GSS_METRICS.join(', ')}.`);
  }
  for (const d of [q.startDate, q.endDate]) {
    if (typeof d !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(d) || Number.isNaN(Date.parse(`${d}T00:00:00Z`))) throw invalidInput('Dates are YYYY-MM-DD.');
  }
  if (q.startDate > q.endDate) throw invalidInput('The start date is after the end date.');
  if (q.trendAggregation !== undefined && !['day', 'week', 'month'].includes(q.trendAggregation)) throw invalidInput('trendAggregation is day, week or month.');
}

/**
 * Flattens a GSS answer: `periods[].content[contentId].metrics[metricId].dailyTrend[date].value`
 * (tolerant: unknown parts are skipped).
 *
 * @example
 * ```ts
 * const galaxy = new GalaxyStoreClient({ serviceAccountId, accessToken });
 * const answer = await galaxy.stats.sellerMetric({ metricIds: ['revenue_total'], startDate: '2026-11-01', endDate: '2026-11-30' });
 * for (const row of statsRows(answer)) console.log(row.date, row.contentId, row.value);
 * ```
 */
export function statsRows(answer: StatsAnswer): StatsRow[] {
  const rows: StatsRow[] = [];
  const obj = (v: unknown) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});
  for (const period of answer.data?.periods ?? []) {
    for (const [contentId, content] of Object.entries(obj(obj(period).content))) {
      for (const [metricId, metric] of Object.entries(obj(obj(content).metrics))) {
        for (const [date, point] of Object.entries(obj(obj(metric).dailyTrend))) {
          const value = obj(point).value;
          rows.push({ contentId, metricId, date, value: value === undefined || value === null ? '' : String(value) });
        }
      }
    }
  }
  return rows.sort((a, b) => a.date.localeCompare(b.date) || a.contentId.localeCompare(b.contentId) || a.metricId.localeCompare(b.metricId));
}

/** GSS calls, bound to one client (a token with the `gss` scope). */
export class StatsApi {
  readonly #ops: OperationRunner;

  constructor(ops: OperationRunner) {
    this.#ops = ops;
  }

  /** `POST /gss/query/sellerMetric`: every app of the seller. */
  async sellerMetric(q: StatsQuery): Promise<StatsAnswer> {
    checkQuery(q);
    const body = {
      metricIds: q.metricIds,
      periods: [{ startDate: q.startDate, endDate: q.endDate }],
      getDailyMetric: true,
      trendAggregation: q.trendAggregation ?? 'day',
      filters: { country: [], device: [] },
    };
    return objectBody(await this.#ops.run('sellerMetric', { body }), '/gss/query/sellerMetric', 'a GSS answer') as StatsAnswer;
  }

  /** `POST /gss/query/contentMetric`: one app (sent without `service-account-id`, seed 003). */
  async contentMetric(q: StatsQuery & { contentId: string }): Promise<StatsAnswer> {
    checkQuery(q);
    const body = {
      contentId: checkContentId(q.contentId),
      metricIds: q.metricIds,
      periods: [{ startDate: q.startDate, endDate: q.endDate }],
      noBreakdown: true,
      trendAggregation: q.trendAggregation ?? 'day',
    };
    return objectBody(await this.#ops.run('contentMetric', { body }), '/gss/query/contentMetric', 'a GSS answer') as StatsAnswer;
  }
}
