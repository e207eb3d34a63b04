import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocatedError } from '../../src/core/errors';
import { runMetrics } from '../../src/runner/commands/metrics';
import { assertClose, loadUqCases } from '../core/uq/uq-reference';
import { captureOutput as capture } from '../helpers/command-output';

const ref = loadUqCases().find((c) => c.name.startsWith('outliers'))!;
const m = ref.metrics as Record<string, Record<string, number>>;

function withFiles(files: Record<string, string>, fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'metrics-'));
  for (const [n, t] of Object.entries(files)) writeFileSync(join(dir, n), t);
  return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

test('metrics FILE.json prints every metric as JSON, matching uncertainty-toolbox', async () => {
  await withFiles({ 'p.json': JSON.stringify({ y_true: ref.y_true, y_pred: ref.y_pred, y_std: ref.y_std }) }, async (dir) => {
    const io = capture();
    assert.equal(await runMetrics([join(dir, 'p.json')], io), 0);
    const out = JSON.parse(io.stdout);
    assertClose(out.metrics.mace, m.calibration_interval_100.ma_cal, 1e-9, 'mace');
    assertClose(out.metrics.crps, m.scoring_rules.crps, 1e-6, 'crps');
    assert.equal(out.curves.expected.length, 100);
    assert.equal(out.errorVsSigma.length, 10);
  });
});

test('metrics FILE.csv reads the named columns in any order and --validation adds recalibrated metrics', async () => {
  const rows = ref.y_true.map((y, i) => `s${i};${ref.y_std[i]};${ref.y_pred[i]};${y}`);
  const csv = `# predictions from some other code\nname;y_std;y_pred;y_true\n${rows.join('\n')}\n`;
  await withFiles({ 'p.csv': csv, 'v.json': JSON.stringify({ y_true: [0, 0], y_pred: [1, -1], y_std: [0.5, 0.5] }) }, async (dir) => {
    const io = capture();
    assert.equal(await runMetrics([join(dir, 'p.csv'), '--validation', join(dir, 'v.json')], io), 0);
    const out = JSON.parse(io.stdout);
    assertClose(out.metrics.rmse, m.accuracy.rmse, 1e-9, 'rmse');
    assert.equal(out.recalibration.scale, 2); // √mean((±1/0.5)²)
    assertClose(out.recalibrated.metrics.sharpness, 2 * (ref.metrics.sharpness as number), 1e-9, 'sharpness ×2');
  });
});

test('metrics: a bad CSV cell, a missing column and a JSON syntax error are located', async () => {
  await withFiles({
    'bad.csv': 'y_true,y_pred,y_std\n1,2,0.1\n1,oops,0.2\n',
    'nocol.csv': 'y_true,y_pred\n1,2\n',
    'bad.json': '{"y_true": [1, 2],\n "y_pred": [1, 2,\n',
    'nan.json': '{"y_true": [1, 2], "y_pred": [1, 2], "y_std": [0.1, "x"]}',
  }, async (dir) => {
    const expect = async (file: string, check: (e: LocatedError) => void) => {
      await assert.rejects(runMetrics([join(dir, file)], capture()), (e: unknown) => { assert.ok(e instanceof LocatedError, String(e)); check(e); return true; });
    };
    await expect('bad.csv', (e) => { assert.equal(e.location.line, 3); assert.equal(e.location.column, 3); assert.match(e.message, /"oops"/); });
    await expect('nocol.csv', (e) => assert.match(e.message, /lacks y_std/));
    await expect('bad.json', (e) => assert.equal(e.location.line, 3));
    await expect('nan.json', (e) => assert.equal(e.location.field, 'y_std[1]'));
  });
  const io = capture();
  assert.equal(await runMetrics([], io), 2);
  assert.match(io.stderr, /usage/);
});
