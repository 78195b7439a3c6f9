/** Runs the `samsung-auth` CLI as a real subprocess, from the repository root, with a clean environment. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Asynchronous on purpose: the sandbox usually runs in the test process and must keep answering
 * while the CLI talks to it.
 */
export function runCli(args: string[], env: Record<string, string> = {}, stdin?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: repoRoot,
      // Only what the CLI needs: no GALAXY_* leaking in from the developer's shell.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

/** One paragraph, no stack trace. */
export function isOneParagraph(text: string): boolean {
  const t = text.trim();
  return t !== '' && !t.includes('\n\n') && t.split('\n').length === 1 && !/\n\s+at /.test(text) && !/^\s+at .+:\d+:\d+/m.test(text);
}
