/**
 * The release console's reads (viewer and up): the apps of every account you can see, one app's
 * live and draft side by side with its staged rollout and IAP items, and its statistics.
 */
import { SamsungAuthError, isSamsungAuthError } from '../errors.js';
import { contentPhase } from '../galaxy/api/content-status.js';
import type { ContentBinary, ContentInfo, ContentRecord } from '../galaxy/api/content-types.js';
import type { IapItemV6 } from '../galaxy/api/iap.js';
import type { RolloutBinary, RolloutRate } from '../galaxy/api/rollout.js';
import { GSS_METRICS, statsRows, type StatsRow } from '../galaxy/api/stats.js';
import type { GalaxyStoreClient } from '../galaxy/galaxy-store-client.js';
import { GalaxyApiError } from '../galaxy/galaxy-error.js';
import type { Role } from './roles.js';
import type { AppRef, ReleaseContext } from './release-context.js';

/** A part of a page that could not be read, in words a user may see. */
export interface ReadProblem {
  code: string;
  message: string;
  hint?: string;
}

/** One app in a listing. */
export interface AppSummaryView {
  contentId: string;
  name: string;
  liveStatus: string | null;
  liveVersion: string | null;
  draftStatus: string | null;
  draftVersion: string | null;
  lastChange: string;
}

/** One account's apps (or why they could not be read). */
export interface AccountAppsView {
  accountId: string;
  accountName: string;
  role: Role;
  apps: AppSummaryView[];
  problem?: ReadProblem;
}

/** A live or draft record as the console shows it. */
export interface RecordView {
  status: string;
  phase: string;
  versionName: string | null;
  releaseNotes: string | null;
  binaries: ContentBinary[];
}

/** One app, whole. */
export interface AppDetailView {
  accountId: string;
  accountName: string;
  role: Role;
  contentId: string;
  name: string;
  packageName: string | null;
  live: RecordView | null;
  draft: RecordView | null;
  rollout: { rate: RolloutRate; binaries: RolloutBinary[] } | { problem: ReadProblem };
  iap: { items: IapItemV6[] } | { problem: ReadProblem };
  /** Installs and revenue over the last 30 days (asked for with `withStats`). */
  stats?: { from: string; to: string; installs: StatsRow[]; revenue: StatsRow[] } | { problem: ReadProblem };
}

/** The statistics of one app: rows by date, and the query they answer. */
export interface AppStatsView {
  contentId: string;
  metric: string;
  from: string;
  to: string;
  rows: StatsRow[];
}

const LIST_CONCURRENCY = 4;
const INSTALLS = 'total_unique_installs_filter';
const REVENUE = 'revenue_total';

export class ReleaseReads {
  readonly #ctx: ReleaseContext;

  constructor(ctx: ReleaseContext) {
    this.#ctx = ctx;
  }

  /** Every app of every account the user can see (one account's failure is shown, not thrown). */
  async apps(userId: string): Promise<AccountAppsView[]> {
    const grants = this.#ctx.deps.access.accountsFor(userId, 'apps.list');
    if (grants.length > 0) await this.#ctx.deps.limits.hit(userId, 'reads');
    return Promise.all(
      grants.map(async ({ account, role }) => {
        const base = { accountId: account.id, accountName: account.name, role };
        try {
          return { ...base, apps: await this.#accountApps(account.id) };
        } catch (err) {
          if (!isSamsungAuthError(err)) throw err;
          return { ...base, apps: [], problem: problemOf(err) };
        }
      }),
    );
  }

  /** The apps of one account (the JSON API's `GET /accounts/:accountId/apps`). */
  async accountApps(userId: string, accountId: string): Promise<AppSummaryView[]> {
    await this.#ctx.deps.limits.hit(userId, 'reads');
    await this.#ctx.deps.access.authorize(userId, accountId, 'apps.list');
    return this.#accountApps(accountId);
  }

  async #accountApps(accountId: string): Promise<AppSummaryView[]> {
    const { result } = await this.#ctx.withClient(accountId, async (client) => {
      const list = await client.content.list();
      return mapLimited(list, LIST_CONCURRENCY, async (summary) => {
        const info = await client.content.info(summary.contentId);
        return {
          contentId: summary.contentId,
          name: summary.contentName,
          liveStatus: info.live?.contentStatus ?? null,
          liveVersion: versionOf(info.live),
          draftStatus: info.draft?.contentStatus ?? null,
          draftVersion: versionOf(info.draft),
          lastChange: summary.modifyDate,
        };
      });
    });
    return result;
  }

  /** One app: live and draft, rollout and IAP items, and with `withStats` its last 30 days (a part that fails is shown as a problem). */
  async app(ref: AppRef, options: { withStats?: boolean } = {}): Promise<AppDetailView> {
    return this.#ctx.read(ref, 'app.view', async (client, app) => {
      const info = await client.content.info(ref.contentId);
      const packageName = packageOf(info);
      const { from, to } = statsQuery({}, this.#ctx.deps.now());
      const [rollout, iap, stats] = await Promise.all([
        attempt(async () => ({ rate: await client.rollout.getRate(ref.contentId, 'SALE'), binaries: await client.rollout.binaries(ref.contentId) })),
        packageName ? attempt(async () => ({ items: (await client.iap.list(packageName, 1, 100)).itemList })) : Promise.resolve({ problem: { code: 'NO_PACKAGE', message: 'The app has no binary yet, so it has no package name for in-app items.' } }),
        options.withStats
          ? attempt(async () => {
              const rows = statsRows(await client.stats.contentMetric({ contentId: ref.contentId, metricIds: [INSTALLS, REVENUE], startDate: from, endDate: to }));
              return { from, to, installs: rows.filter((r) => r.metricId === INSTALLS), revenue: rows.filter((r) => r.metricId === REVENUE) };
            })
          : Promise.resolve(undefined),
      ]);
      return {
        accountId: app.account.id,
        accountName: app.account.name,
        role: app.role,
        contentId: ref.contentId,
        name: app.summary.contentName,
        packageName,
        live: recordView(info.live),
        draft: recordView(info.draft),
        rollout,
        iap,
        ...(stats ? { stats } : {}),
      };
    });
  }

  /** The staged rollout of the live version. */
  async rollout(ref: AppRef): Promise<{ rate: RolloutRate; binaries: RolloutBinary[] }> {
    return this.#ctx.read(ref, 'rollout.read', async (client) => ({ rate: await client.rollout.getRate(ref.contentId, 'SALE'), binaries: await client.rollout.binaries(ref.contentId) }));
  }

  /** Statistics of one metric of the app, by day (default: installs over the last 30 days). */
  async stats(ref: AppRef, query: { metric?: string; from?: string; to?: string }): Promise<AppStatsView> {
    const { metric, from, to } = statsQuery(query, this.#ctx.deps.now());
    return this.#ctx.read(ref, 'stats.read', async (client) => {
      const answer = await client.stats.contentMetric({ contentId: ref.contentId, metricIds: [metric], startDate: from, endDate: to });
      return { contentId: ref.contentId, metric, from, to, rows: statsRows(answer).filter((r) => r.metricId === metric) };
    });
  }

  /** The in-app items of the app (by its package name). */
  async iapItems(ref: AppRef): Promise<IapItemV6[]> {
    return this.#ctx.read(ref, 'iap.read', async (client) => (await client.iap.list(await packageOrFail(client, ref.contentId), 1, 100)).itemList);
  }

  /** One in-app item. */
  async iapItem(ref: AppRef, itemId: string): Promise<IapItemV6> {
    return this.#ctx.read(ref, 'iap.read', async (client) => client.iap.get(await packageOrFail(client, ref.contentId), itemId));
  }
}

/** The app's package name, from its binaries; 409 when it has none yet. */
export async function packageOrFail(client: GalaxyStoreClient, contentId: string): Promise<string> {
  const name = packageOf(await client.content.info(contentId));
  if (!name) throw new SamsungAuthError('RELEASE_STATE_CONFLICT', 'The app has no binary yet, so it has no package name for in-app items.', { status: 409, hint: 'Upload a binary first.' });
  return name;
}

export function packageOf(info: ContentInfo): string | null {
  for (const record of [info.live, info.draft]) for (const b of record?.binaryList ?? []) if (b.packageName) return b.packageName;
  return null;
}

function versionOf(record: ContentRecord | undefined): string | null {
  const last = record?.binaryList.at(-1);
  return last?.versionName ?? last?.versionCode ?? null;
}

function recordView(record: ContentRecord | undefined): RecordView | null {
  if (!record) return null;
  return {
    status: record.contentStatus,
    phase: contentPhase(record.contentStatus),
    versionName: versionOf(record),
    releaseNotes: typeof record.newFeature === 'string' ? record.newFeature : null,
    binaries: record.binaryList,
  };
}

async function attempt<T extends object>(fn: () => Promise<T>): Promise<T | { problem: ReadProblem }> {
  try {
    return await fn();
  } catch (err) {
    if (!isSamsungAuthError(err)) throw err;
    return { problem: problemOf(err) };
  }
}

function problemOf(err: SamsungAuthError): ReadProblem {
  const code = err instanceof GalaxyApiError && err.galaxyCode !== 'UNKNOWN' ? err.galaxyCode : err.code;
  return { code, message: err.message, ...(err.hint ? { hint: err.hint } : {}) };
}

/** metric one of GSS_METRICS (default installs), dates YYYY-MM-DD (default the last 30 days, up to yesterday). */
export function statsQuery(q: { metric?: string; from?: string; to?: string }, now: number): { metric: string; from: string; to: string } {
  const day = (offset: number) => new Date(now - offset * 86_400_000).toISOString().slice(0, 10);
  const metric = q.metric ?? INSTALLS;
  if (!GSS_METRICS.includes(metric)) {
    throw new SamsungAuthError('BAD_REQUEST', `metric is one of ${GSS_METRICS.join(', ')}.`, { status: 400 });
  }
  const from = q.from ?? day(30);
  const to = q.to ?? day(1);
  const span = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to) || !(span >= 0 && span <= 366)) {
    throw new SamsungAuthError('BAD_REQUEST', 'from and to are dates (YYYY-MM-DD), from before to, at most 366 days apart.', { status: 400 });
  }
  return { metric, from, to };
}

/** Maps with at most `limit` calls at a time, keeping order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
