/** The README's security table is only worth something if each test and mutant it cites exists. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../helpers/galaxy-cli.js';
import { MUTANTS } from '../../scripts/mutants/mutants.js';

test("every row of the README's security table cites a test that exists and a mutant of npm run mutants", () => {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Security notes'), readme.indexOf('## Development'));
  const rows = section.split('\n').filter((l) => /^\| .* \| `test\//.test(l));
  assert.ok(rows.length >= 20, `the table has its rows (${rows.length})`);
  const mutantNames = new Set(MUTANTS.map((m) => m.name));
  for (const row of rows) {
    const m = /\| `(test\/[^`]+)` "([^"]+)" \| (.+) \|$/.exec(row);
    assert.ok(m, `row shape: ${row}`);
    const [, file, name, mutants] = m;
    const source = readFileSync(path.join(repoRoot, file!), 'utf8');
    assert.ok(source.includes(name!), `${file} has a test named "${name}"`);
    for (const mutant of [...mutants!.matchAll(/`([\w-]+)`/g)].map((x) => x[1]!)) {
      assert.ok(mutantNames.has(mutant), `the mutant ${mutant} exists`);
      const guarded = MUTANTS.find((x) => x.name === mutant)!;
      assert.ok(guarded.tests.includes(file!), `the mutant ${mutant} runs ${file}`);
    }
  }
});
