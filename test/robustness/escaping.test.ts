/**
 * Names from reports reach Markdown and terminals inert: raw HTML, links, pipes and line breaks in a
 * compare table cell are literal text; terminal control sequences are replaced.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { markdownCell, terminalMessage, terminalText } from '../../src/core/report/escape-text';
import { renderTable } from '../../src/runner/commands/compare';
import { runCli } from './helpers';

test('a hostile report name in a Markdown table is literal text in its own cell', () => {
  const name = 'DE×5 <img src=x onerror=alert(1)> [x](javascript:alert(1)) a|b `c`\n| injected |';
  const cell = markdownCell(name);
  assert.equal(cell, 'DE×5 &lt;img src=x onerror=alert(1)&gt; \\[x\\](javascript:alert(1)) a\\|b \\`c\\` \\| injected \\|');
  const md = renderTable([['test energy (eV/atom)', name], ['MACE', '0.0123 *']], true).split('\n');
  assert.equal(md.length, 3, 'no row injected');
  assert.ok(!/<img/.test(md[0]!));
  assert.equal(md[0]!.split(/(?<!\\)\|/).length, 4, 'two cells in the header');
  assert.equal(md[2], '| MACE | 0.0123 * |');
});

test('terminal output replaces escape sequences and line breaks in names', () => {
  assert.equal(terminalText('run\u001b[2J\u001b]0;pwned\u0007\r\nx'), 'run\ufffd[2J\ufffd]0;pwned\ufffd\ufffd\ufffdx');
  const plain = renderTable([['h', 'a\u001b[31mred'], ['MACE', '1']], false);
  assert.ok(!plain.includes('\u001b'));
});

test('an error naming a file with escape sequences in its name reaches the terminal inert, one problem per line', async (t) => {
  assert.equal(terminalMessage('a\u001b[2Jb\nc\rd'), 'a\ufffd[2Jb\nc\ufffdd');
  const dir = mkdtempSync(join(tmpdir(), 'mlip-esc-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'x\u001b]0;pwned\u0007\u001b[2J.xsf');
  writeFileSync(file, 'not an xsf file\n');
  writeFileSync(join(dir, 'Ti.stp'), 'ATOM Ti\nENV 1\nTi\nRMIN 0.5d0\nBASIS type=Chebyshev\nradial_Rc = 4.0 radial_N = 3 angular_Rc = 3.0 angular_N = 2\n');
  const r = await runCli(['featurize', '--setup', join(dir, 'Ti.stp'), '--json', file], { cwd: dir });
  assert.equal(r.code, 1);
  assert.ok(!r.stderr.includes('\u001b') && !r.stderr.includes('\u0007'), JSON.stringify(r.stderr));
  assert.match(r.stderr, /x\ufffd\]0;pwned/);
});
