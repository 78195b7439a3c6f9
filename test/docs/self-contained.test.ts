/** A clone anywhere is whole: nothing tracked refers to files beside the repository. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../helpers/galaxy-cli.js';

test('no tracked file refers to the workplace folder beside the clone', () => {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: repoRoot, encoding: 'utf8' }).split('\0').filter(Boolean);
  assert.ok(files.length > 100, 'git ls-files listed the repository');
  // Spelled in pieces, so this file does not name the folder it looks for and needs no exception.
  const folder = ['sh', 'ared'].join('');
  const outside = new RegExp(`\\.\\./${folder}\\b|/work/${folder}\\b`);
  const offenders = files.filter((f) => !f.endsWith('package-lock.json') && outside.test(readFileSync(path.join(repoRoot, f), 'utf8')));
  assert.deepEqual(offenders, []);
});
