/** `samsung-auth stats`: GSS metrics as a table or CSV (scope `gss` by default). */
import { statsRows, type StatsQuery } from '../../galaxy/api/stats.js';
import type { Command } from '../cli-context.js';
import { parseOptions, str, usage } from '../cli-options.js';
import { EXIT } from '../exit-codes.js';
import { withGalaxy } from '../galaxy-session.js';
import { HELP } from '../help.js';
import { csv, printJson, table } from '../output.js';

const EXTRA = {
  metric: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  'content-id': { type: 'string' },
  by: { type: 'string' },
  csv: { type: 'boolean' },
} as const;

export const runStats: Command = async (args, ctx) => {
  const v = parseOptions(args, EXTRA, 'stats');
  if (v.help) {
    ctx.out(HELP.stats ?? '');
    return EXIT.OK;
  }
  const metricIds = (str(v, 'metric') ?? '').split(',').map((m) => m.trim()).filter(Boolean);
  const startDate = str(v, 'from');
  const endDate = str(v, 'to');
  if (metricIds.length === 0 || !startDate || !endDate) throw usage('stats needs --metric M[,M...], --from YYYY-MM-DD and --to YYYY-MM-DD.', 'stats');
  const by = str(v, 'by') ?? 'day';
  if (by !== 'day' && by !== 'week' && by !== 'month') throw usage('--by is day, week or month.', 'stats');
  const contentId = str(v, 'content-id');
  const query: StatsQuery = { metricIds, startDate, endDate, trendAggregation: by };
  const answer = await withGalaxy(v, ctx, 'stats', 'gss', (g) =>
    contentId ? g.stats.contentMetric({ ...query, contentId }) : g.stats.sellerMetric(query),
  );
  const rows = statsRows(answer);
  if (v.json) printJson(ctx, { query, rows });
  else {
    const cells = [['date', 'contentId', 'metric', 'value'], ...rows.map((r) => [r.date, r.contentId, r.metricId, r.value])];
    ctx.out(v.csv ? csv(cells) : table(cells));
  }
  return EXIT.OK;
};
