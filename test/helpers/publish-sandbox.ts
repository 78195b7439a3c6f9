/** A sandbox for publishing tests: fast review, the CLI's environment, files to upload, state reads. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.js';
import { tempDir } from './galaxy-keys.js';
import { runCli, type CliResult } from './galaxy-cli.js';

export interface PublishSandbox {
  sandbox: Sandbox;
  /** Every stdout and stderr the CLI wrote so far (to check that no token ever appears). */
  outputs: string[];
  /** Tokens the sandbox issued all start with this marker. */
  tokenMarker: string;
  /** Runs the CLI against the sandbox (minting and revoking its own token). */
  cli(...args: string[]): Promise<CliResult>;
  /** Writes a file of `bytes` random bytes into a temporary folder; returns its path. */
  file(name: string, bytes: number): Promise<string>;
  /** The draft's binaries (file names) of an app, read from the sandbox's state. */
  draftFiles(contentId: string): string[];
  close(): Promise<void>;
}

export async function startPublishSandbox(): Promise<PublishSandbox> {
  const tokenMarker = 'TOKENMARKER';
  const { randomBytes } = await import('node:crypto');
  const sandbox = await startSandbox({ reviewSeconds: 1, newGalaxyAccessToken: () => `${tokenMarker}${randomBytes(12).toString('hex')}` });
  const dir = await tempDir('publish-files-');
  const outputs: string[] = [];
  return {
    sandbox,
    outputs,
    tokenMarker,
    async cli(...args) {
      const r = await runCli(args, { ...sandbox.env });
      outputs.push(r.stdout, r.stderr);
      return r;
    },
    async file(name, bytes) {
      const path = join(dir, name);
      const { randomBytes } = await import('node:crypto');
      await writeFile(path, randomBytes(bytes));
      return path;
    },
    draftFiles: (contentId) => sandbox.galaxy.publishing.find(contentId)?.draft?.binaries.map((b) => b.fileName) ?? [],
    close: () => sandbox.close(),
  };
}
