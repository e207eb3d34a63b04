import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocatedError } from '../../../src/core/errors';
import { readStructures, type ReadOptions } from '../../../src/core/structures';

const dir = join(__dirname, '..', '..', 'fixtures', 'malformed');
interface Case { input: string; file: string; line: number | null; message: string; options?: ReadOptions }
const cases: Case[] = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));

test('the malformed corpus has at least 30 inputs and every file in it has an expected error', () => {
  const inputs = readdirSync(dir).filter((n) => !['expected.json', 'make-binary.mjs', 'README.md'].includes(n)).sort();
  assert.ok(inputs.length >= 30, `${inputs.length} inputs`);
  assert.deepEqual([...new Set(cases.map((c) => c.input))].sort(), inputs);
});

test('every malformed input gives a LocatedError naming its file, line and what was wrong', () => {
  const failures: string[] = [];
  for (const c of cases) {
    try {
      readStructures(c.input, { cwd: dir, ...c.options });
      failures.push(`${c.input}: read without error`);
    } catch (e) {
      if (!(e instanceof LocatedError)) { failures.push(`${c.input}: not a LocatedError: ${String(e)}`); continue; }
      const loc = e.location;
      if (loc.file !== c.file) failures.push(`${c.input}: file ${loc.file}, expected ${c.file}`);
      if ((loc.line ?? null) !== c.line) failures.push(`${c.input}: line ${loc.line}, expected ${c.line}`);
      if (!e.message.includes(c.message)) failures.push(`${c.input}: message "${e.message}" lacks "${c.message}"`);
      if (!e.expected) failures.push(`${c.input}: no 'expected' in "${e.message}"`);
    }
  }
  assert.deepEqual(failures, []);
});
