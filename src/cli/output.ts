/** How commands print: aligned tables and CSV on stdout, JSON documents, upload progress on stderr. */
import type { UploadProgress } from '../galaxy/api/upload.js';
import type { CliContext } from './cli-context.js';

/** Aligned columns, a header row first. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return `${rows.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n')}\n`;
}

/** RFC 4180 CSV. */
export function csv(rows: readonly (readonly string[])[]): string {
  const cell = (c: string) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** One JSON document on stdout. */
export function printJson(ctx: CliContext, value: unknown): void {
  ctx.out(`${JSON.stringify(value, null, 2)}\n`);
}

/** A progress bar on a terminal (redrawn at most 10 times a second), plain lines elsewhere (every 25%). */
export function progressPrinter(ctx: CliContext): (p: UploadProgress) => void {
  let lastDraw = 0;
  let lastQuarter = -1;
  return (p) => {
    const ratio = p.totalBytes === 0 ? 1 : p.sentBytes / p.totalBytes;
    if (ctx.errIsTerminal) {
      const now = Date.now();
      if (now - lastDraw < 100 && ratio < 1) return;
      lastDraw = now;
      const width = 30;
      const done = Math.round(ratio * width);
      ctx.err(`\r  [${'#'.repeat(done)}${'.'.repeat(width - done)}] ${(ratio * 100).toFixed(0).padStart(3)}% ${mib(p.sentBytes)}/${mib(p.totalBytes)} MiB${ratio >= 1 ? '\n' : ''}`);
      return;
    }
    const quarter = Math.floor(ratio * 4);
    if (quarter === lastQuarter) return;
    lastQuarter = quarter;
    ctx.err(`  ${p.fileName}: ${(quarter * 25).toString()}% (${p.sentBytes} of ${p.totalBytes} bytes)\n`);
  };
}

const mib = (n: number) => (n / 1048576).toFixed(1);
