import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocatedError } from '../../src/core/errors';
import { readReport } from '../../src/core/report/read-report';
import type { UqReport } from '../../src/protocol/report';
import { runPaperCommand } from '../../src/runner/commands/paper';
import { captureOutput as capture } from '../helpers/command-output';

/** The markdown table of paper-table.md as header + rows of trimmed cells. */
function parseTable(md: string): { header: string[]; rows: string[][] } {
  const lines = md.split('\n').filter((l) => l.startsWith('| '));
  const cells = (l: string) => l.slice(2, -2).split(' | ').map((c) => c.trim());
  return { header: cells(lines[0]), rows: lines.slice(1).map(cells) };
}

const RUNS = [['DE', 'full', 'de-full'], ['LRT', 'full', 'lrt-full'], ['DE', 'subset', 'de-subset'], ['LRT', 'subset', 'lrt-subset']] as const;

test('paper: 2 methods × 2 regimes on 60 TiO2 structures give a table with every row and column, one test set, a 20 % subset, and the reports\' numbers', async () => {
  const out = mkdtempSync(join(tmpdir(), 'paper-'));
  try {
    const io = capture();
    const code = await runPaperCommand(['--limit', '60', '--methods', 'de,lrt', '--regimes', 'full,subset', '--epochs', '2', '--members', '2', '--out', out], io);
    assert.equal(code, 0, io.stderr);
    const md = readFileSync(join(out, 'paper-table.md'), 'utf8');
    const { header, rows } = parseTable(md);
    for (const col of ['method', 'regime', 'RMSE', 'RMSE paper', 'MAE', 'MAE paper', 'NLL (no 2π)', 'NLL (no 2π) paper', 'MACE', 'MACE paper', 'Spearman', 'miscal. area']) {
      assert.ok(header.includes(col), `column ${col} in ${header.join(', ')}`);
    }
    assert.equal(rows.length, 4);
    assert.deepEqual(rows.map((r) => [r[0], r[1]]), RUNS.map(([m, g]) => [m, g]));
    assert.match(md, /## Conclusions/);
    assert.match(md, /Best in the full regime: RMSE: (DE|LRT) \(paper: DE, (agrees|differs)\)/);

    const reports: Record<string, UqReport> = {};
    for (const [, , dir] of RUNS) reports[dir] = readReport({ path: join(out, dir, 'report.uqreport.json') });
    // The same seeded test set for every run, with the 6 structures (10 % of 60) the split promises.
    const test0 = reports['de-full'].producer.split.test;
    assert.equal(test0.length, 6);
    for (const [, , dir] of RUNS) assert.deepEqual(reports[dir].producer.split.test, test0, dir);
    // Subset: 20 % of train+validation (round(0.2 × 54) = 11), drawn from the full regime's pool.
    for (const m of ['de', 'lrt']) {
      const full = reports[`${m}-full`].producer.split, sub = reports[`${m}-subset`].producer.split;
      const pool = new Set([...full.train, ...full.validation]);
      const subset = [...sub.train, ...sub.validation];
      assert.equal(pool.size, 54);
      assert.equal(subset.length, 11);
      assert.ok(subset.every((n) => pool.has(n)), 'subset drawn from train+validation');
    }
    assert.deepEqual(reports['de-subset'].producer.split.train, reports['lrt-subset'].producer.split.train);

    // Every number in the table is the report's test-set energy metric (4 significant digits).
    const col = (name: string) => header.indexOf(name);
    RUNS.forEach(([, , dir], i) => {
      const m = reports[dir].metrics.test!.energy!.raw.metrics;
      const pairs: [string, number | null][] = [['RMSE', m.rmse], ['MAE', m.mae], ['NLL (no 2π)', m.nllNo2pi], ['MACE', m.mace], ['Spearman', m.spearman], ['miscal. area', m.miscalibrationArea]];
      for (const [name, v] of pairs) {
        const shown = rows[i][col(name)];
        if (v === null) { assert.equal(shown, '—', `${dir} ${name}`); continue; }
        const x = Number(shown);
        assert.ok(Math.abs(x - v) <= 5e-4 * Math.abs(v) + 1e-12, `${dir} ${name}: table ${shown}, report ${v}`);
      }
    });
    // The paper's own numbers (methods.md §7) sit beside ours.
    assert.deepEqual([rows[0][col('RMSE paper')], rows[0][col('NLL (no 2π) paper')], rows[0][col('MACE paper')]], ['0.0121', '-4.65', '0.044']);
    assert.deepEqual([rows[3][col('RMSE paper')], rows[3][col('MAE paper')]], ['0.0754', '0.0326']);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('paper: a time budget ends a run early with its report written', async () => {
  const out = mkdtempSync(join(tmpdir(), 'paper-budget-'));
  try {
    const io = capture();
    const code = await runPaperCommand(['--limit', '40', '--methods', 'de', '--regimes', 'full', '--members', '1', '--epochs', '100000', '--budget-minutes', '0.01', '--out', out], io);
    assert.equal(code, 0, io.stderr);
    const results = JSON.parse(readFileSync(join(out, 'paper-results.json'), 'utf8')) as { results: { stoppedBy: string; epochs: number }[] };
    assert.equal(results.results[0].stoppedBy, 'time-budget');
    assert.ok(results.results[0].epochs >= 1 && results.results[0].epochs < 100000);
    const finished = readFileSync(join(out, 'de-full', 'events.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; stopped?: string }).at(-1)!;
    assert.deepEqual([finished.type, finished.stopped], ['finished', 'time-budget'], 'the runner records the budget as the stop reason');
    assert.ok(readReport({ path: join(out, 'de-full', 'report.uqreport.json') }).metrics.test?.energy);
    // A second comparison into the same folder is refused before anything is overwritten.
    await assert.rejects(runPaperCommand(['--limit', '40', '--methods', 'de', '--regimes', 'full', '--out', out], capture()), (e: unknown) => e instanceof LocatedError && e.location.field === '--out');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('paper --resume keeps the finished runs, continues an interrupted one from its checkpoint and writes the tables from all, recalibrated numbers included', async () => {
  const out = mkdtempSync(join(tmpdir(), 'paper-resume-'));
  try {
    // 240 structures: 24 validation structures, enough for each run to recalibrate (MIN_RECALIBRATION_POINTS 20).
    const args = ['--limit', '240', '--methods', 'de', '--regimes', 'full', '--seeds', '2', '--parallel', '1', '--members', '2', '--epochs', '3', '--out', out];
    const first = capture();
    assert.equal(await runPaperCommand(args, first), 0, first.stderr);
    // The second run is cut off after its last checkpoint: no report, no finished event.
    const cut = join(out, 'de-full-s321439');
    const events = readFileSync(join(cut, 'events.ndjson'), 'utf8').trim().split('\n');
    assert.equal((JSON.parse(events.at(-1)!) as { type: string }).type, 'finished');
    writeFileSync(join(cut, 'events.ndjson'), `${events.slice(0, -1).join('\n')}\n`);
    rmSync(join(cut, 'report.uqreport.json'));
    const keptEvents = readFileSync(join(out, 'de-full-s883144', 'events.ndjson'), 'utf8');

    const again = capture();
    assert.equal(await runPaperCommand([...args, '--resume'], again), 0, again.stderr);
    assert.match(again.stderr, /--resume keeps 1 finished run; 1 to train/);
    assert.equal(readFileSync(join(out, 'de-full-s883144', 'events.ndjson'), 'utf8'), keptEvents, 'a finished run is not touched');
    const resumed = readReport({ path: join(cut, 'report.uqreport.json') });
    // Continued from its checkpoint, not trained again: its three epochs' events are the interrupted run's, unchanged.
    const epochLines = (text: string) => text.split('\n').filter((l) => l.includes('"type":"epoch"'));
    assert.deepEqual(epochLines(readFileSync(join(cut, 'events.ndjson'), 'utf8')), epochLines(events.join('\n')));
    assert.equal(epochLines(events.join('\n')).length, 3);

    const md = readFileSync(join(out, 'paper-table.md'), 'utf8');
    assert.match(md, /\| DE \| full \| ours \(n = 2\) \|/);
    const kept = readReport({ path: join(out, 'de-full-s883144', 'report.uqreport.json') });
    const scales = [kept, resumed].map((r) => r.recalibration.energy!.scale);
    const row = md.split('\n').find((l) => l.startsWith('| DE | full | 2 |'));
    assert.ok(row, md);
    const mean = (scales[0] + scales[1]) / 2;
    assert.ok(Math.abs(Number(row.split(' | ')[3].split(' ± ')[0]) - mean) <= 5e-4 * mean, `${row} vs σ scales ${scales.join(', ')}`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('paper: bad arguments are usage errors, not crashes', async () => {
  for (const args of [['--methods', 'de,mcdropout'], ['--regimes', 'half'], ['--subset-fraction', '1.5'], ['--data', 'x.xsf'], ['--reference-energy', 'Ti:-3'], ['extra']]) {
    const io = capture();
    assert.equal(await runPaperCommand(args, io), 2, args.join(' '));
    assert.match(io.stderr, /^mlip-uq paper: .*\n/);
  }
});

test('paper --forces: force RMSE beside the paper\'s with-forces numbers (DE 0.0093 eV/atom, 0.347 eV/Å)', async () => {
  const out = mkdtempSync(join(tmpdir(), 'paper-forces-'));
  try {
    const io = capture();
    assert.equal(await runPaperCommand(['--limit', '30', '--methods', 'de', '--regimes', 'full', '--members', '1', '--epochs', '1', '--forces', '--out', out], io), 0, io.stderr);
    const { header, rows } = parseTable(readFileSync(join(out, 'paper-table.md'), 'utf8'));
    const col = (name: string) => header.indexOf(name);
    assert.ok(col('force RMSE (eV/Å)') > 0 && col('force RMSE (eV/Å) paper') > 0, header.join(', '));
    assert.equal(rows[0][col('RMSE paper')], '0.0093');
    assert.equal(rows[0][col('force RMSE (eV/Å) paper')], '0.347');
    assert.equal(rows[0][col('MAE paper')], '—');
    const f = readReport({ path: join(out, 'de-full', 'report.uqreport.json') }).metrics.test!.forces!.raw.metrics.rmse;
    assert.ok(Math.abs(Number(rows[0][col('force RMSE (eV/Å)')]) - f) <= 5e-4 * f);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('paper --seeds 2 --parallel 2: two seeds trained at once in their own processes, one test set, mean ± std beside the paper\'s', async () => {
  const out = mkdtempSync(join(tmpdir(), 'paper-seeds-'));
  try {
    const io = capture();
    const code = await runPaperCommand(['--limit', '40', '--methods', 'de', '--regimes', 'full', '--seeds', '2', '--parallel', '2', '--members', '1', '--epochs', '2', '--out', out], io);
    assert.equal(code, 0, io.stderr);
    assert.match(io.stderr, /2 at a time, one process each/);
    const md = readFileSync(join(out, 'paper-table.md'), 'utf8');
    assert.match(md, /Mean ± sample std over 2 training seeds \(883144, 321439\)/);
    assert.match(md, /\| DE \| full \| ours \(n = 2\) \|/);
    const a = readReport({ path: join(out, 'de-full-s883144', 'report.uqreport.json') });
    const b = readReport({ path: join(out, 'de-full-s321439', 'report.uqreport.json') });
    assert.deepEqual(a.producer.split.test, b.producer.split.test);
    assert.notEqual(a.metrics.test?.energy?.raw.metrics.rmse, b.metrics.test?.energy?.raw.metrics.rmse);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('paper --data-config --study qm7: the data and descriptor of the user\'s config (relative paths kept working), QM7\'s published numbers and claims', async () => {
  const out = mkdtempSync(join(tmpdir(), 'paper-qm7-'));
  const archive = join(__dirname, '..', 'fixtures', 'data', 'qm7-40', 'qm7-40.tar.gz');
  try {
    // A config beside the fixture, naming it relatively, as a user's config names its data.
    const cfgDir = mkdtempSync(join(tmpdir(), 'paper-qm7-cfg-'));
    copyFileSync(archive, join(cfgDir, 'qm7.tar.gz'));
    writeFileSync(join(cfgDir, 'qm7.mlip.yaml'), `data:
  structures: qm7.tar.gz
  energies: { file: qm7.tar.gz, member: hof_qm7.txt, units: kcal/mol }
  reference_energies: { H: 0, C: 0, N: 0, O: 0, S: 0 }
descriptor: { radial_cutoff: 6.0, radial_order: 4, angular_cutoff: 4.0, angular_order: 2 }
`);
    const io = capture();
    const code = await runPaperCommand(['--data-config', join(cfgDir, 'qm7.mlip.yaml'), '--study', 'qm7', '--methods', 'de', '--members', '2', '--epochs', '2', '--parallel', '1', '--out', out], io);
    assert.equal(code, 0, io.stderr);
    const md = readFileSync(join(out, 'paper-table.md'), 'utf8');
    const { header, rows } = parseTable(md);
    assert.equal(rows.length, 1);
    assert.equal(rows[0][header.indexOf('RMSE paper')], '0.01556');
    assert.equal(rows[0][header.indexOf('MAE paper')], '0.00705');
    assert.match(md, /paper-protocol\.md §4\.2 \(QM7/);
    assert.match(md, /Paper: "the ensemble keeps the best MAE and NLL": not measurable/);
    const config = JSON.parse(readFileSync(join(out, 'configs', 'de-full.mlip.json'), 'utf8')) as { data: { structures: string[]; energies: { file: string } }; descriptor: { radial_order: number } };
    assert.deepEqual(config.data.structures, [join(cfgDir, 'qm7.tar.gz')]);
    assert.equal(config.data.energies.file, join(cfgDir, 'qm7.tar.gz'));
    assert.equal(config.descriptor.radial_order, 4);
    const report = readReport({ path: join(out, 'de-full', 'report.uqreport.json') });
    assert.equal(report.producer.split.train.length + report.producer.split.validation.length + report.producer.split.test.length, 40);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
