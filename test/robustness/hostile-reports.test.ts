/**
 * Torn and hostile reports: a report cut at 40 seeded places, nested 200,000 deep, with wrong types,
 * 1e308 everywhere or hostile names reads as a report or a located error, renders inertly to HTML and
 * Markdown, and the CLI answers with one line, never a stack.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLocatedError } from '../../src/core/errors';
import { readReport } from '../../src/core/report';
import { renderHtmlReport } from '../../src/core/report/html/html-report';
import { mulberry32 } from '../helpers/mulberry32';
import { hasStack, REPO, runCli } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'mlip-reports-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const valid = readFileSync(join(REPO, 'schemas', 'examples', 'report', 'valid.uqreport.json'), 'utf8');
const HOSTILE_NAME = '<img src=x onerror=alert(1)>\u001b[2J|`x`';

function mapNumbers(o: unknown, f: (x: number) => number): unknown {
  if (typeof o === 'number') return f(o);
  if (Array.isArray(o)) return o.map((x) => mapNumbers(x, f));
  if (o && typeof o === 'object') return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, mapNumbers(v, f)]));
  return o;
}

function corpus(): { name: string; text: string }[] {
  const rnd = mulberry32(99);
  const out = Array.from({ length: 40 }, (_, i) => ({ name: `torn-${i}`, text: valid.slice(0, Math.floor(rnd() * valid.length)) }));
  const r = JSON.parse(valid) as Record<string, unknown>;
  // Every structure row of every set gets a hostile name and a source outside any workspace.
  const hostile = JSON.parse(valid, (k, v: unknown) => (k === 'structures' && Array.isArray(v)
    ? v.map((s: Record<string, unknown>, i) => ({ ...s, name: `${HOSTILE_NAME}${i}`, source: i % 2 ? '/etc/passwd' : '../../../../root/.ssh/id_rsa' }))
    : v)) as unknown;
  out.push(
    { name: 'deep', text: '['.repeat(200_000) },
    { name: 'deep-object', text: '{"a":'.repeat(100_000) },
    { name: 'nul', text: valid.replace('"s-1"', '"s\\u0000-1"') },
    { name: 'numbers-1e308', text: JSON.stringify(mapNumbers(r, () => 1e308)) },
    { name: 'numbers-negative', text: JSON.stringify(mapNumbers(r, (x) => -x - 1)) },
    { name: 'strings-as-numbers', text: JSON.stringify(mapNumbers(r, (x) => String(x) as unknown as number)) },
    { name: 'hostile-names', text: JSON.stringify(hostile) },
    { name: 'empty', text: '' },
    { name: 'array', text: '[]' },
  );
  return out;
}

test('torn and hostile reports read as a report or a located error, and what reads renders inertly', () => {
  let located = 0, read = 0;
  for (const c of corpus()) {
    const t0 = performance.now();
    try {
      const report = readReport({ text: c.text, file: `${c.name}.uqreport.json` });
      read++;
      const html = renderHtmlReport(report);
      assert.ok(!/<img|onerror=alert|<script/i.test(html.replace(/&lt;img src=x onerror=alert\(1\)&gt;/g, '')), `${c.name}: inert HTML`);
      assert.ok(!html.includes('\u001b'), `${c.name}: no escape sequences`);
    } catch (e) {
      assert.ok(isLocatedError(e), `${c.name}: ${e instanceof Error ? e.stack : String(e)}`);
      located++;
    }
    assert.ok(performance.now() - t0 < 5000, `${c.name}: ${(performance.now() - t0).toFixed(0)} ms`);
  }
  console.log(`# ${located + read} torn or hostile reports: ${located} located errors, ${read} read and rendered inertly`);
  assert.ok(read >= 2 && located >= 40);
});

test('the CLI reports a torn report in one line and puts hostile names into Markdown inertly', async () => {
  const torn = join(dir, 'torn.uqreport.json');
  writeFileSync(torn, valid.slice(0, valid.length / 2));
  const a = await runCli(['report', torn, '--html', join(dir, 'torn.html')]);
  assert.equal(a.code, 1);
  assert.ok(!hasStack(a.stderr) && a.stderr.trim().split('\n').length === 1, a.stderr);
  const hostileDir = join(dir, '<img src=x onerror=alert(1)>');
  mkdirSync(hostileDir);
  writeFileSync(join(hostileDir, 'report.uqreport.json'), valid);
  writeFileSync(join(dir, 'b.uqreport.json'), valid);
  const md = await runCli(['compare', join(hostileDir, 'report.uqreport.json'), join(dir, 'b.uqreport.json'), '--markdown']);
  assert.equal(md.code, 0, md.stderr);
  assert.ok(!md.stdout.includes('<img'), md.stdout.split('\n')[0]);
  assert.match(md.stdout.split('\n')[0]!, /&lt;img src=x onerror=alert\(1\)&gt;/);
});
