/** `samsung-auth rollout show|set|complete`: staged rollout of the live version (or the draft). */
import type { RolloutAppStatus } from '../../galaxy/api/rollout.js';
import type { GalaxyStoreClient } from '../../galaxy/galaxy-store-client.js';
import type { Command } from '../cli-context.js';
import { intOption, parseOptions, str, usage, type OptionValues } from '../cli-options.js';
import { EXIT } from '../exit-codes.js';
import { withGalaxy } from '../galaxy-session.js';
import { printJson } from '../output.js';
import { contentIdOf, subcommands } from '../subcommands.js';

const EXTRA = {
  'content-id': { type: 'string' },
  rate: { type: 'string' },
  country: { type: 'string', multiple: true },
  'app-status': { type: 'string' },
  binary: { type: 'string', multiple: true },
} as const;

function appStatusOf(v: OptionValues, command: string): RolloutAppStatus {
  const s = str(v, 'app-status') ?? 'SALE';
  if (s !== 'SALE' && s !== 'REGISTRATION') throw usage('--app-status is SALE or REGISTRATION.', command);
  return s;
}

function countriesOf(v: OptionValues, command: string): { countryCode: string; rolloutRate: number }[] {
  return (Array.isArray(v.country) ? v.country : []).map((c) => {
    const m = /^([A-Z]{3})=(\d{1,3})$/.exec(c);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 100) throw usage('--country is CODE=N with an ISO alpha-3 code and 1-100, e.g. KOR=20.', command);
    return { countryCode: m[1]!, rolloutRate: Number(m[2]) };
  });
}

async function show(g: GalaxyStoreClient, id: string, appStatus: RolloutAppStatus) {
  const [rate, binaries] = await Promise.all([g.rollout.getRate(id, appStatus), g.rollout.binaries(id)]);
  return { contentId: id, appStatus, rolloutRate: rate.rolloutRate ?? null, countries: rate.countries, binaries };
}

function action(name: 'show' | 'set' | 'complete'): Command {
  const command = `rollout ${name}`;
  return async (args, ctx) => {
    const v = parseOptions(args, EXTRA, command);
    const id = contentIdOf(v, command, usage);
    const appStatus = appStatusOf(v, command);
    const rate = intOption(v, 'rate', 1, 100, command);
    const countries = countriesOf(v, command);
    if (name === 'set' && rate === undefined && countries.length === 0) throw usage('rollout set needs --rate N and/or --country CODE=N.', command);
    const state = await withGalaxy(v, ctx, command, 'publishing', async (g) => {
      if (name === 'set') {
        for (const seq of Array.isArray(v.binary) ? v.binary : []) await g.rollout.setBinary(id, 'ADD', seq);
        await g.rollout.setRate(id, { ...(rate !== undefined ? { rolloutRate: rate } : {}), ...(countries.length ? { countries } : {}) }, appStatus);
      } else if (name === 'complete') await g.rollout.complete(id, appStatus);
      return show(g, id, appStatus);
    });
    if (v.json) printJson(ctx, state);
    else {
      const r = state.rolloutRate === null ? 'off: everyone gets the version' : `${state.rolloutRate}%`;
      const c = state.countries.map((x) => `${x.countryCode} ${x.rolloutRate}%`).join(', ');
      const b = state.binaries.map((x) => `${x.seq} (${x.versionName ?? x.versionCode ?? '?'})`).join(', ');
      ctx.out(`${id} rollout (${appStatus}): ${r}${c ? `; countries: ${c}` : ''}; binaries: ${b || 'none'}\n`);
    }
    return EXIT.OK;
  };
}

export const runRollout: Command = subcommands('rollout', { show: action('show'), set: action('set'), complete: action('complete') });
