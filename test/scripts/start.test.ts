/**
 * `npm start`'s first impression (issue 17: it printed only "completed" and its report tested on 10
 * structures): the quickstart example's split, the headline it prints, and the report it has the served
 * VS Code open. Training the example itself is pinned in test/runner/quickstart-example.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UqReport } from '../../src/protocol/report';
import { buildReport } from '../../src/core/report/build-report';
import { reportToOpenOnStart } from '../../src/extension/start-report';
import { headline } from '../../src/runner/start-headline';

const repo = join(__dirname, '..', '..');

test('the headline gives the test set size, RMSE and MAE in meV/atom, calibration raw and recalibrated, and the report path', () => {
  const report = JSON.parse(readFileSync(join(repo, 'test', 'webview', 'fixtures', 'tio2-ensemble-fast.uqreport.json'), 'utf8'));
  const m = report.metrics.test.energy.raw.metrics;
  const lines = headline(report, '/ws/examples/runs/x/report.uqreport.json');
  assert.match(lines[0], new RegExp(`^  deep ensemble of \\d+, test set of ${m.count} structures \\(few: read these numbers loosely\\):$`));
  assert.equal(lines[1], `    energy RMSE ${(m.rmse * 1000).toFixed(1)} meV/atom, MAE ${(m.mae * 1000).toFixed(1)} meV/atom`);
  assert.match(lines[2], new RegExp(`^    calibration: MACE ${m.mace.toFixed(3)}, PICP95 ${m.picp95.toFixed(2)} \\(ideal 0\\.95\\); recalibrated on validation \\(σ × [\\d.]+\\): MACE [\\d.]+, PICP95 [\\d.]+$`));
  assert.equal(lines.at(-1), '  report: /ws/examples/runs/x/report.uqreport.json');
  report.metrics.test.energy.raw.metrics.count = 150;
  assert.doesNotMatch(headline(report, 'r')[0], /few/);
});

test('the headline gives RMSE, MAE, MACE and PICP95 with their bootstrap 95 % intervals and the small-n sentence of each set under 30 structures', () => {
  // The recorded fast report (10 validation and 10 test structures) rebuilt by today's buildReport, so it has intervals.
  const r = JSON.parse(readFileSync(join(repo, 'test', 'webview', 'fixtures', 'tio2-ensemble-fast.uqreport.json'), 'utf8')) as UqReport;
  const report = buildReport({ producer: r.producer, method: r.method, history: r.history, predictions: Object.fromEntries(Object.entries(r.predictions).map(([s, p]) => [s, { structures: p!.structures }])) });
  const raw = report.metrics.test!.energy!.raw;
  const ms = (x: number) => (x * 1000).toFixed(1);
  const iv = (k: 'rmse' | 'mae' | 'mace' | 'picp95') => raw.intervals![k]!;
  const lines = headline(report, 'r');
  assert.equal(lines[1], `    energy RMSE ${ms(raw.metrics.rmse)} [${ms(iv('rmse')[0])}, ${ms(iv('rmse')[1])}] meV/atom, MAE ${ms(raw.metrics.mae)} [${ms(iv('mae')[0])}, ${ms(iv('mae')[1])}] meV/atom`);
  // 10 validation values are too few to recalibrate on: σ stays raw, so the line ends with the raw numbers.
  assert.equal(report.metrics.test!.energy!.recalibrated, undefined);
  assert.equal(lines[2], `    calibration: MACE ${raw.metrics.mace.toFixed(3)} [${iv('mace')[0].toFixed(3)}, ${iv('mace')[1].toFixed(3)}], PICP95 ${raw.metrics.picp95.toFixed(2)} [${iv('picp95')[0].toFixed(2)}, ${iv('picp95')[1].toFixed(2)}] (ideal 0.95)`);
  assert.equal(lines[3], '    [low, high]: bootstrap 95 % interval over the set\'s structures');
  assert.deepEqual(lines.filter((l) => l.includes('⚠')), [
    '    ⚠ n = 10: too few validation structures for these numbers to mean much',
    '    ⚠ n = 10: too few test structures for these numbers to mean much',
  ]);
});

test('the served VS Code opens the report named by MLIP_UQ_OPEN_REPORT when it exists', () => {
  const exists = (f: string) => f === '/ws/runs/q/report.uqreport.json';
  assert.equal(reportToOpenOnStart({ MLIP_UQ_OPEN_REPORT: '/ws/runs/q/report.uqreport.json' }, exists), '/ws/runs/q/report.uqreport.json');
  assert.equal(reportToOpenOnStart({ MLIP_UQ_OPEN_REPORT: '/ws/runs/gone/report.uqreport.json' }, exists), undefined);
  assert.equal(reportToOpenOnStart({ MLIP_UQ_OPEN_REPORT: '/etc/passwd' }, () => true), undefined);
  assert.equal(reportToOpenOnStart({}, exists), undefined);
});

test('npm start trains the quickstart example and hands its report to the served VS Code', () => {
  const start = readFileSync(join(repo, 'scripts', 'start.mjs'), 'utf8');
  assert.match(start, /tio2-quickstart\.mlip\.yaml/);
  assert.match(start, /MLIP_UQ_OPEN_REPORT: quickReport/);
  assert.match(start, /dist', 'start-headline\.js'/);
  assert.match(readFileSync(join(repo, 'scripts', 'build.mjs'), 'utf8'), /in: 'src\/runner\/start-headline\.ts', out: 'start-headline'/);
  const serve = readFileSync(join(repo, 'scripts', 'e2e-code-server.mjs'), 'utf8');
  // npm's warnings (unreviewed install scripts, "Unknown env config unsafe-perm") are kept out of the log.
  assert.match(serve, /npm_config_loglevel: 'error'/);
});
