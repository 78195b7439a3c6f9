/** `samsung-auth iap list|get|put|patch|delete`: in-app items (IAP Publish API v6). */
import { readFile } from 'node:fs/promises';
import type { IapItemPatch, IapItemV6 } from '../../galaxy/api/iap.js';
import { GalaxyApiError } from '../../galaxy/galaxy-error.js';
import type { Command } from '../cli-context.js';
import { intOption, parseOptions, str, usage, type OptionValues } from '../cli-options.js';
import { EXIT } from '../exit-codes.js';
import { withGalaxy } from '../galaxy-session.js';
import { printJson, table } from '../output.js';
import { subcommands } from '../subcommands.js';

const EXTRA = {
  package: { type: 'string' },
  'item-id': { type: 'string' },
  file: { type: 'string' },
  page: { type: 'string' },
  size: { type: 'string' },
} as const;

function need(v: OptionValues, name: string, command: string): string {
  const value = str(v, name);
  if (value === undefined) throw usage(`${command} needs --${name}.`, command);
  return value;
}

async function jsonFile(v: OptionValues, command: string): Promise<Record<string, unknown>> {
  const file = need(v, 'file', command);
  const text = await readFile(file, 'utf8').catch(() => {
    throw usage('The --file cannot be read.', command);
  });
  try {
    const o: unknown = JSON.parse(text);
    if (typeof o === 'object' && o !== null && !Array.isArray(o)) return o as Record<string, unknown>;
  } catch {
    // below
  }
  throw usage('The --file must hold one JSON object (an item, or {"id", "title"?, "prices"?} for patch).', command);
}

const row = (i: IapItemV6) => [i.id, String(i.status), String(i.type), String(i.usdPrice), i.title];

function action(name: 'list' | 'get' | 'put' | 'patch' | 'delete'): Command {
  const command = `iap ${name}`;
  return async (args, ctx) => {
    const v = parseOptions(args, EXTRA, command);
    const pkg = need(v, 'package', command);
    const result = await withGalaxy(v, ctx, command, 'publishing', async (g) => {
      switch (name) {
        case 'list':
          return g.iap.list(pkg, intOption(v, 'page', 1, 100_000, command) ?? 1, intOption(v, 'size', 1, 1000, command) ?? 100);
        case 'get':
          return g.iap.get(pkg, need(v, 'item-id', command));
        case 'delete':
          return g.iap.remove(pkg, need(v, 'item-id', command));
        case 'patch': {
          const patch = await jsonFile(v, command);
          return g.iap.patch(pkg, { ...patch, ...(str(v, 'item-id') ? { id: str(v, 'item-id') } : {}) } as IapItemPatch);
        }
        case 'put': {
          const item = (await jsonFile(v, command)) as IapItemV6;
          const exists = await g.iap.get(pkg, String(item.id)).then(
            () => true,
            (err: unknown) => {
              if (err instanceof GalaxyApiError && err.httpStatus === 404) return false;
              throw err;
            },
          );
          return exists ? g.iap.replace(pkg, item) : g.iap.create(pkg, item);
        }
      }
    });
    if (v.json) printJson(ctx, result);
    else if (name === 'list') {
      const page = result as { itemList: IapItemV6[]; totalCount: number };
      ctx.out(table([['ID', 'STATUS', 'TYPE', 'USD', 'TITLE'], ...page.itemList.map(row)]) + `${page.totalCount} item(s)\n`);
    } else ctx.out(`${name === 'delete' ? 'deleted' : name === 'get' ? 'item' : 'saved'}: ${table([row(result as IapItemV6)])}`);
    return EXIT.OK;
  };
}

export const runIap: Command = subcommands('iap', {
  list: action('list'),
  get: action('get'),
  put: action('put'),
  patch: action('patch'),
  delete: action('delete'),
});
