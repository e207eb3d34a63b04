/**
 * `npm start` end to end up to the point where it would serve VS Code (issue 17 #20 and #25: only its
 * source text was checked): `npm start -- --no-serve` builds, trains the quickstart example into a
 * temporary folder, prints the headline and stops. code-server (a network install) is not exercised
 * here; the headline, the report it names and a log free of npm's warnings are.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UqReport } from '../../src/protocol/report';

const repo = join(__dirname, '..', '..');

test('npm start -- --no-serve trains the quickstart, prints the headline with the report path, and logs no npm warnings', { timeout: 400_000 }, (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'npm-start-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const runDir = join(dir, 'quickstart');
  // ~25 s on a quiet two-core machine; the limit allows for a loaded one.
  const r = spawnSync('npm', ['start', '--', '--no-serve', '--run-dir', runDir], { cwd: repo, encoding: 'utf8', timeout: 360_000 });
  const log = `${r.stdout}${r.stderr}`;
  assert.equal(r.status, 0, log);
  const lines = log.split('\n');

  const report = join(runDir, 'report.uqreport.json');
  assert.ok(existsSync(report), log);
  assert.ok(lines.includes(`  report: ${report}`), log);
  // The quickstart's 1,000 structures split 70/15/15: 150 test structures, no small-n caveat.
  assert.ok(lines.includes('  deep ensemble of 5, test set of 150 structures:'), log);
  const rmseLine = lines.find((l) => l.startsWith('    energy RMSE '));
  const m = /^ {4}energy RMSE (\d+\.\d) \[(\d+\.\d), (\d+\.\d)\] meV\/atom, MAE (\d+\.\d) \[(\d+\.\d), (\d+\.\d)\] meV\/atom$/.exec(rmseLine ?? '');
  assert.ok(m, `RMSE line with its interval: ${rmseLine}`);
  const [rmse, lo, hi] = [Number(m[1]), Number(m[2]), Number(m[3])];
  assert.ok(lo <= rmse && rmse <= hi, rmseLine);
  assert.ok(rmse < 30, `a sensible accuracy (the recorded run: 17.4 meV/atom), got ${rmse}`);
  // The headline is the written report's, not a number of its own.
  const written = JSON.parse(readFileSync(report, 'utf8')) as UqReport;
  const raw = written.metrics.test!.energy!.raw;
  assert.equal(raw.metrics.count, 150);
  assert.equal(m[1], (raw.metrics.rmse * 1000).toFixed(1));
  assert.equal(m[2], (raw.intervals!.rmse![0] * 1000).toFixed(1));
  assert.ok(lines.some((l) => /^ {4}calibration: MACE \d\.\d{3} \[\d\.\d{3}, \d\.\d{3}\], PICP95 \d\.\d{2} \[\d\.\d{2}, \d\.\d{2}\] \(ideal 0\.95\)/.test(l)), log);
  assert.ok(lines.includes('[start] done (--no-serve: VS Code is not started)'), log);

  assert.deepEqual(lines.filter((l) => /npm warn|allowScripts|Unknown env config/i.test(l)), [], 'npm start logs no npm warnings');
});
