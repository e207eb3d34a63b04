import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readReport } from '../../src/core/report/read-report';
import { runCompare } from '../../src/runner/commands/compare';
import { runReport } from '../../src/runner/commands/report';
import { assertClose, loadUqCases } from '../core/uq/uq-reference';
import { captureOutput as capture } from '../helpers/command-output';

const cases = loadUqCases();
const structures = (c: (typeof cases)[number], prefix: string) =>
  c.y_true.map((y, i) => ({ name: `${prefix}<${i}>`, atoms: 6, energyTrue: y, energyPred: c.y_pred[i], energyStd: c.y_std[i] }));

function runDir(root: string, name: string, testCase: (typeof cases)[number], method: object): string {
  const dir = join(root, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'predictions.json'), JSON.stringify({
    format: 'mlip-uq-predictions', version: 1, method,
    sets: { validation: { structures: structures(cases[1], 'v') }, test: { structures: structures(testCase, 't') } },
  }));
  return dir;
}

test('report RUN_DIR writes a valid report; compare puts two reports side by side with the reference values', async () => {
  const root = mkdtempSync(join(tmpdir(), 'cmp-'));
  try {
    const a = runDir(root, 'a', cases[1], { method: 'ensemble', members: 5, trainForces: false, regime: 'full' });
    const b = runDir(root, 'b', cases[2], { method: 'bnn', estimator: 'lrt', samples: 20, trainForces: false, regime: 'full' });
    for (const d of [a, b]) {
      const io = capture();
      assert.equal(await runReport([d], io), 0, io.stderr);
      assert.match(io.stdout, /test energy: n=/);
    }
    const ra = readReport({ path: join(a, 'report.uqreport.json') });
    assert.ok(ra.producer.wallTimeSeconds.report >= 0);
    const io = capture();
    assert.equal(await runCompare([join(a, 'report.uqreport.json'), join(b, 'report.uqreport.json'), '--markdown'], io), 0);
    const lines = io.stdout.trim().split('\n');
    assert.match(lines[0], /^\| test energy \(eV\/atom\) \| DE×5 \(full\) a \| BNN lrt \(full\) b \|$/);
    const row = (label: string) => lines.find((l) => l.startsWith(`| ${label} |`))!.split('|').map((c) => c.trim());
    const mace = row('MACE');
    const refA = (cases[1].metrics.calibration_interval_100 as Record<string, number>).ma_cal;
    const refB = (cases[2].metrics.calibration_interval_100 as Record<string, number>).ma_cal;
    assertClose(parseFloat(mace[2]), refA, 1e-3, 'MACE A (4 digits)');
    assertClose(parseFloat(mace[3]), refB, 1e-3, 'MACE B (4 digits)');
    // The lower MACE carries the best-in-row mark.
    assert.ok((refA < refB ? mace[2] : mace[3]).endsWith('*'));
    const plain = capture();
    assert.equal(await runCompare([join(a, 'report.uqreport.json'), join(b, 'report.uqreport.json')], plain), 0);
    assert.match(plain.stdout, /^test energy \(eV\/atom\) +DE×5/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('report --html writes a standalone page: inline SVG, no script, no network, strings escaped', async () => {
  const root = mkdtempSync(join(tmpdir(), 'html-'));
  try {
    const dir = runDir(root, 'r', cases[0], { method: 'bnn', estimator: 'radial', trainForces: false, regime: '<script>alert(1)</script>' });
    const html = join(root, 'out.html');
    assert.equal(await runReport([dir, '--html', html], capture()), 0);
    const page = readFileSync(html, 'utf8');
    assert.ok(page.includes('<svg'), 'plots are inline SVG');
    assert.ok(!/<script/i.test(page), 'no script element survives');
    assert.ok(page.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(!/(src|href)="https?:/i.test(page), 'nothing is fetched');
    assert.match(page, /Content-Security-Policy" content="default-src 'none'/);
    // The same from an existing report file.
    copyFileSync(join(dir, 'report.uqreport.json'), join(root, 'copy.uqreport.json'));
    assert.equal(await runReport([join(root, 'copy.uqreport.json'), '--html', join(root, 'copy.html')], capture()), 0);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('compare and report refuse bad input clearly', async () => {
  const io = capture();
  assert.equal(await runCompare([], io), 2);
  assert.equal(await runCompare(['x.uqreport.json', '--set', 'holdout'], capture()), 2);
  await assert.rejects(runCompare(['/nonexistent.uqreport.json'], capture()), /cannot read/);
  assert.equal(await runReport(['/nonexistent-dir'], capture()), 2);
});

test('compare warns first when the test sets differ (other data or other structures), and not when they are the same', async () => {
  const root = mkdtempSync(join(tmpdir(), 'cmp-sets-'));
  try {
    const a = runDir(root, 'run-a', cases[1], { method: 'ensemble', members: 5, trainForces: false });
    const same = runDir(root, 'run-same', cases[1], { method: 'bnn', estimator: 'lrt', samples: 20, trainForces: false });
    const other = runDir(root, 'run-other', cases[2], { method: 'bnn', estimator: 'lrt', samples: 20, trainForces: false });
    for (const d of [a, same, other]) assert.equal(await runReport([d], capture()), 0);
    const file = (d: string) => join(d, 'report.uqreport.json');
    const io = capture();
    assert.equal(await runCompare([file(a), file(other)], io), 0);
    assert.match(io.stderr, /^mlip-uq compare: warning: the test sets differ: they come from different data \(DE×5 run-a: \d+ structures, data [0-9a-f]{8}; BNN lrt run-other: \d+ structures, data [0-9a-f]{8}\)/);
    const quiet = capture();
    assert.equal(await runCompare([file(a), file(same)], quiet), 0);
    assert.equal(quiet.stderr, '');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
