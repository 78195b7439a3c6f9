/** `samsung-auth publish`: the publish flow, or with --dry-run its plan (read calls only). */
import { readFile } from 'node:fs/promises';
import { publishToGalaxy, type PublishResult } from '../../galaxy/publish/publish-flow.js';
import { planPublish, type PublishOptions, type PublishPlan } from '../../galaxy/publish/publish-plan.js';
import type { CliContext, Command } from '../cli-context.js';
import { parseOptions, str, usage, type OptionValues } from '../cli-options.js';
import { EXIT } from '../exit-codes.js';
import { withGalaxy } from '../galaxy-session.js';
import { HELP } from '../help.js';
import { printJson, progressPrinter } from '../output.js';
import { contentIdOf } from '../subcommands.js';

const COMMAND = 'publish';
const EXTRA = {
  'content-id': { type: 'string' },
  file: { type: 'string', multiple: true },
  'release-notes': { type: 'string' },
  'release-notes-file': { type: 'string' },
  gms: { type: 'string' },
  'replace-binaries': { type: 'boolean' },
  submit: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
} as const;

async function publishOptions(v: OptionValues): Promise<PublishOptions> {
  const files = Array.isArray(v.file) ? v.file : [];
  if (files.length === 0) throw usage('Give at least one --file PATH to publish.', COMMAND);
  const notes = str(v, 'release-notes');
  const notesFile = str(v, 'release-notes-file');
  if (notes !== undefined && notesFile !== undefined) throw usage('Pass --release-notes or --release-notes-file, not both.', COMMAND);
  let releaseNotes = notes;
  if (notesFile !== undefined) {
    releaseNotes = await readFile(notesFile, 'utf8').catch(() => {
      throw usage('The --release-notes-file cannot be read.', COMMAND);
    });
  }
  const gms = str(v, 'gms');
  if (gms !== undefined && gms !== 'Y' && gms !== 'N') throw usage('--gms is Y or N.', COMMAND);
  return {
    contentId: contentIdOf(v, COMMAND, usage),
    files,
    ...(releaseNotes !== undefined ? { releaseNotes } : {}),
    ...(gms ? { gms } : {}),
    replaceBinaries: v['replace-binaries'] === true,
    submit: v.submit === true,
  };
}

function printPlan(ctx: CliContext, plan: PublishPlan): void {
  const lines = [`plan for ${plan.contentId}${plan.appTitle ? ` (${plan.appTitle})` : ''}: live ${plan.liveStatus ?? 'none'}, draft ${plan.draftStatus ?? 'none'}`];
  if (plan.update) lines.push(`  contentUpdate ${plan.opensDraft ? '(opens a draft) ' : ''}with ${Object.keys(plan.update).join(', ')}`);
  for (const f of plan.files) {
    lines.push(
      f.alreadyInDraft
        ? `  ${f.path}: already in the draft as binary ${f.alreadyInDraft.binarySeq}; skipped`
        : `  upload ${f.path} (${f.size} bytes), add it with gms ${plan.gms}${plan.binarySeqForDeviceInfo ? `, device setup of binary ${plan.binarySeqForDeviceInfo}` : ''}`,
    );
  }
  for (const r of plan.removes) lines.push(`  remove binary ${r.binarySeq}${r.fileName ? ` (${r.fileName})` : ''}`);
  lines.push(plan.submit ? '  submit for review' : '  no submit (pass --submit)');
  ctx.out(`${lines.join('\n')}\n`);
}

function printResult(ctx: CliContext, r: PublishResult): void {
  const lines = [`published to ${r.plan.contentId}${r.plan.appTitle ? ` (${r.plan.appTitle})` : ''}:`];
  for (const b of r.binaries) lines.push(`  binary ${b.binarySeq}  ${b.fileName}  ${b.skipped ? '(already there)' : '(added)'}`);
  for (const seq of r.removed) lines.push(`  binary ${seq} removed`);
  lines.push(`  ${r.submitted ? 'submitted for review; ' : ''}draft status: ${r.draftStatus ?? 'none (live)'}`);
  ctx.out(`${lines.join('\n')}\n`);
}

export const runPublish: Command = async (args, ctx) => {
  const v = parseOptions(args, EXTRA, COMMAND);
  if (v.help) {
    ctx.out(HELP.publish ?? '');
    return EXIT.OK;
  }
  const options = await publishOptions(v);
  if (v['dry-run']) {
    const { plan } = await withGalaxy(v, ctx, COMMAND, 'publishing', (g) => planPublish(g, options));
    if (v.json) printJson(ctx, { dryRun: true, plan });
    else printPlan(ctx, plan);
    return EXIT.OK;
  }
  const result = await withGalaxy(v, ctx, COMMAND, 'publishing', (g) =>
    publishToGalaxy(g, { ...options, onStep: (t) => ctx.err(`${t}\n`), onProgress: progressPrinter(ctx) }),
  );
  if (v.json) printJson(ctx, result);
  else printResult(ctx, result);
  return EXIT.OK;
};
