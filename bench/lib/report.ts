/** One line of the results table, and the table itself: printed, and written as JSON and Markdown. */
import { writeFile } from 'node:fs/promises';
import os from 'node:os';

export interface RowResult {
  /** e.g. "1a GET /api/session, memory store". */
  row: string;
  /** Our figure, with its unit. */
  ours: string;
  /** What it is compared with, named, with its unit. */
  peer: string;
  /** ours / peer (or the figure the target is about); null when there is nothing to divide. */
  ratio: number | null;
  /** The target, as text ("≥ 0.90x"), or "—" for a row that only reports. */
  target: string;
  /** true pass, false fail, null for a row without a target. */
  pass: boolean | null;
  /** The per-round ratios spread wider than the ruler allows: the row says NOISY, not PASS or FAIL. */
  noisy?: boolean;
  /** How it was measured, and anything a reader needs to weigh the figure. */
  notes?: string;
  /** Raw figures, for results.json. */
  data?: Record<string, unknown>;
}

export interface Machine {
  date: string;
  node: string;
  cpu: string;
  cores: number;
  platform: string;
  smoke: boolean;
}

export function machine(smoke: boolean): Machine {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    smoke,
  };
}

export function verdict(pass: boolean | null, noisy = false): string {
  if (noisy && pass !== null) return 'NOISY';
  return pass === null ? 'info' : pass ? 'PASS' : 'FAIL';
}

export function formatRatio(ratio: number | null): string {
  if (ratio === null || !Number.isFinite(ratio)) return '—';
  return `${ratio >= 100 ? ratio.toFixed(0) : ratio >= 10 ? ratio.toFixed(1) : ratio.toFixed(2)}x`;
}

const COLUMNS = ['row', 'ours', 'peer', 'ratio', 'target', 'result'] as const;

function cells(r: RowResult): string[] {
  return [r.row, r.ours, r.peer, formatRatio(r.ratio), r.target, verdict(r.pass, r.noisy)];
}

/** The table for a terminal: aligned columns, FAIL rows marked so they stand out. */
export function textTable(rows: readonly RowResult[]): string {
  const body = rows.map(cells);
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...body.map((b) => b[i]!.length)));
  const line = (values: readonly string[]) => values.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  const out = [line(COLUMNS), line(widths.map((w) => '-'.repeat(w)))];
  for (const b of body) out.push(b[5] === 'FAIL' ? `${line(b)}   <-- FAIL` : line(b));
  return out.join('\n');
}

function md(text: string): string {
  return text.replace(/\|/g, '\\|');
}

export function markdownTable(rows: readonly RowResult[], m: Machine): string {
  const lines = [
    `Run ${m.date.slice(0, 16).replace('T', ' ')} UTC · Node ${m.node} · ${m.cpu} · ${m.cores} cores · ${m.platform}${m.smoke ? ' · SMOKE (figures meaningless)' : ''}`,
    '',
    `| ${COLUMNS.join(' | ')} |`,
    `| ${COLUMNS.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${cells(r).map((c, i) => (i === 5 && c === 'FAIL' ? '**FAIL**' : md(c))).join(' | ')} |`),
  ];
  const notes = rows.filter((r) => r.notes);
  if (notes.length) {
    lines.push('', 'How each row was measured:', '');
    for (const r of notes) lines.push(`- **${md(r.row)}**: ${md(r.notes!)}`);
  }
  return `${lines.join('\n')}\n`;
}

export async function writeResults(rows: readonly RowResult[], m: Machine, files: { json: string; md: string }): Promise<void> {
  await writeFile(files.json, `${JSON.stringify({ machine: m, rows }, null, 2)}\n`);
  await writeFile(files.md, markdownTable(rows, m));
}

/** "12,345/s", "1.23 ms": figures for the table. */
export function perSecond(n: number): string {
  return `${Math.round(n).toLocaleString('en-US')}/s`;
}

export function ms(n: number): string {
  return n >= 100 ? `${n.toFixed(0)} ms` : n >= 10 ? `${n.toFixed(1)} ms` : `${n.toFixed(2)} ms`;
}

export function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
