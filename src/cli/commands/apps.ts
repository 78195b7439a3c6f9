/** `samsung-auth apps list|show`. */
import type { ContentRecord } from '../../galaxy/api/content-types.js';
import type { Command } from '../cli-context.js';
import { parseOptions, usage } from '../cli-options.js';
import { EXIT } from '../exit-codes.js';
import { withGalaxy } from '../galaxy-session.js';
import { printJson, table } from '../output.js';
import { contentIdOf, subcommands } from '../subcommands.js';

const list: Command = async (args, ctx) => {
  const v = parseOptions(args, { 'content-id': { type: 'string' } }, 'apps list');
  const apps = await withGalaxy(v, ctx, 'apps list', 'publishing', (g) => g.content.list());
  if (v.json) printJson(ctx, apps);
  else ctx.out(table([['CONTENT ID', 'STATUS', 'NAME', 'MODIFIED'], ...apps.map((a) => [a.contentId, a.contentStatus, a.contentName, a.modifyDate])]));
  return EXIT.OK;
};

function describe(label: string, r: ContentRecord): string {
  const versions = r.binaryList.map((b) => b.versionName ?? b.versionCode ?? '?').join(', ') || 'none';
  const lines = [`${label}: ${r.contentStatus}${r.appTitle ? `  ${r.appTitle}` : ''}  (versions: ${versions})`];
  for (const b of r.binaryList) {
    lines.push(`  binary ${b.binarySeq}  versionCode ${b.versionCode ?? '?'}  gms ${b.gms ?? '?'}  ${b.fileSize ?? '?'} bytes  ${b.fileName ?? ''}`.trimEnd());
  }
  return lines.join('\n');
}

const show: Command = async (args, ctx) => {
  const v = parseOptions(args, { 'content-id': { type: 'string' } }, 'apps show');
  const id = contentIdOf(v, 'apps show', usage);
  const info = await withGalaxy(v, ctx, 'apps show', 'publishing', (g) => g.content.info(id));
  if (v.json) {
    printJson(ctx, { contentId: info.contentId, live: info.live ?? null, draft: info.draft ?? null });
    return EXIT.OK;
  }
  if (info.records.length === 0) {
    ctx.err(`samsung-auth: no app has content id ${id}. Run "samsung-auth apps list".\n`);
    return EXIT.UPSTREAM;
  }
  const parts = [`content ${id}`];
  if (info.live) parts.push(describe('live ', info.live));
  if (info.draft) parts.push(describe('draft', info.draft));
  ctx.out(`${parts.join('\n')}\n`);
  return EXIT.OK;
};

export const runApps: Command = subcommands('apps', { list, show });
