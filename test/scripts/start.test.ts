/**
 * `npm start`'s first impression (issue 17: it printed only "completed" and its report tested on 10
 * structures): the quickstart example's split, the headline it prints, and the report it has the served
 * VS Code open. Training the example itself is pinned in test/runner/quickstart-example.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { reportToOpenOnStart } from '../../src/extension/start-report';

const repo = join(__dirname, '..', '..');

test('the headline gives the test set size, RMSE and MAE in meV/atom, calibration raw and recalibrated, and the report path', async () => {
  // A plain .mjs script: imported by its URL (no type declarations).
  const { headline } = await import(pathToFileURL(join(repo, 'scripts', 'start-headline.mjs')).href) as { headline: (r: unknown, p: string) => string[] };
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
  const serve = readFileSync(join(repo, 'scripts', 'e2e-code-server.mjs'), 'utf8');
  // npm's warnings (unreviewed install scripts, "Unknown env config unsafe-perm") are kept out of the log.
  assert.match(serve, /npm_config_loglevel: 'error'/);
});
