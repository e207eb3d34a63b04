/**
 * The runs table's rows (issue 17: runs as experiments): method, data, the test set's key metrics and
 * status from a run's events, config and report; "Open report" only with a report, Resume only on a
 * stopped run with a checkpoint; sorting and filtering. Built on the recorded fast TiO2 runs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEvent } from '../../../src/protocol/events';
import type { UqReport } from '../../../src/protocol/report';
import { parseEventsText } from '../../../src/core/run-dir/read-run-dir';
import { summarize } from '../../../src/core/run-dir/run-summary';
import { buildRunRow, dataName, dataSizes, filterRunRows, sortRunRows, type RunRow } from '../../../src/core/report/run-rows';

const fixtures = join(__dirname, '..', '..', 'webview', 'fixtures');
const events = (name: string): RunEvent[] => parseEventsText(readFileSync(join(fixtures, name), 'utf8')).events;
const report = (name: string): UqReport => JSON.parse(readFileSync(join(fixtures, name), 'utf8')) as UqReport;
const ensemble = events('ensemble.events.ndjson');
const config = { data: { structures: ['data/tio2-1000-xsf.tar.gz'], test_structures: null, validation_structures: null } };

test('a completed run: method, data names and sizes, the report\'s test RMSE, MACE and NLL (recalibrated σ), report and no resume', () => {
  const row = buildRunRow({
    runDir: '/ws/examples/runs/h8-run1', summary: summarize('h8-run1', ensemble), active: false, resumable: false,
    reportFile: '/ws/examples/runs/h8-run1/report.uqreport.json', report: report('tio2-ensemble-fast.uqreport.json'), config,
  });
  assert.deepEqual(row, {
    runDir: '/ws/examples/runs/h8-run1', name: 'h8-run1', config: 'tio2-ensemble-fast', method: 'ensemble ×10', methodType: 'ensemble',
    data: { name: 'tio2-1000-xsf.tar.gz', structures: 100, train: 80, validation: 10, test: 10 },
    forces: false,
    // test energy: RMSE 0.14526 eV/atom; recalibrated σ: MACE 0.262, NLL 1.6565 (raw: 0.1437, −0.4724)
    metrics: { energyRmse: 0.14526051557088207, mace: 0.26199999999999996, nll: 1.6565471851482054, sigma: 'recalibrated' },
    status: 'completed', detail: 'best epoch 27', startedAt: '2026-11-24T23:12:07.830Z',
    can: { report: true, resume: false },
  } satisfies RunRow);
  assert.equal(dataSizes(row.data), '100 (80/10/10)');
});

test('a stopped run with a checkpoint and no report: stopped, resumable, no "Open report", no test metrics', () => {
  const upTo = ensemble.findIndex((e) => e.type === 'epoch' && e.epoch === 12);
  const stopped = [...ensemble.slice(0, upTo + 1), { ...ensemble.at(-1)!, epochs: 12, stopped: 'cancelled', report: '', summary: {} } as RunEvent];
  const row = buildRunRow({ runDir: '/ws/runs/long', summary: summarize('long', stopped), active: false, resumable: true, config });
  assert.equal(row.status, 'stopped');
  assert.equal(row.detail, 'stopped at epoch 12/30; resumable');
  assert.deepEqual(row.can, { report: false, resume: true });
  assert.deepEqual(row.metrics, {});
});

test('a run cut off without "finished" is stopped (interrupted); a live one is running and offers neither report nor resume', () => {
  const cut = ensemble.slice(0, ensemble.findIndex((e) => e.type === 'epoch' && e.epoch === 5) + 1);
  const interrupted = buildRunRow({ runDir: '/r/a', summary: summarize('a', cut), active: false, resumable: true });
  assert.equal(interrupted.status, 'stopped');
  assert.equal(interrupted.detail, 'interrupted at epoch 5/30 (the process ended without finishing); resumable');
  assert.deepEqual(interrupted.can, { report: false, resume: true });
  const live = buildRunRow({ runDir: '/r/a', summary: summarize('a', cut, true), active: true, resumable: true, reportFile: '/r/a/old.uqreport.json' });
  assert.equal(live.status, 'running');
  assert.equal(live.detail, 'epoch 5/30');
  assert.deepEqual(live.can, { report: false, resume: false });
  const starting = buildRunRow({ runDir: '/r/b', summary: summarize('b', [], true), active: true, resumable: false });
  assert.deepEqual([starting.status, starting.detail, starting.method, starting.data], ['running', 'starting', '', { name: '' }]);
});

test('a failed run says why; early stopping is said on a completed run', () => {
  const failed = [...ensemble.slice(0, 3), { v: 1, t: ensemble[2].t, run: 'x', type: 'failed', message: 'out of memory' } as RunEvent];
  const row = buildRunRow({ runDir: '/r/x', summary: summarize('x', failed), active: false, resumable: false });
  assert.deepEqual([row.status, row.detail], ['failed', 'out of memory']);
  const early = [...ensemble.slice(0, -1), { ...ensemble.at(-1)!, stopped: 'early-stopping' } as RunEvent];
  assert.equal(buildRunRow({ runDir: '/r/e', summary: summarize('e', early), active: false, resumable: false }).detail, 'early stopping, best epoch 27');
});

test('without a report, the finished event\'s test RMSE is shown (MACE and NLL need the report)', () => {
  const row = buildRunRow({ runDir: '/r/h8-run1', summary: summarize('h8-run1', ensemble), active: false, resumable: false });
  assert.deepEqual(row.metrics, { energyRmse: 0.14526051557088215 });
  assert.deepEqual(row.can, { report: false, resume: false });
});

test('a BNN run from its report alone (no events kept): method, sizes from the split, raw σ when there is no recalibration', () => {
  const r = report('tio2-lrt-fast.uqreport.json');
  delete r.metrics.test!.energy!.recalibrated;
  const row = buildRunRow({ runDir: '/r/h8-run2', summary: summarize('h8-run2', []), active: false, resumable: false, reportFile: '/r/h8-run2/report.uqreport.json', report: r });
  assert.equal(row.method, 'BNN lrt');
  assert.equal(row.methodType, 'bnn');
  assert.deepEqual(row.data, { name: 'tio2-1000-xsf.tar.gz', structures: 100, train: 80, validation: 10, test: 10 });
  // raw σ of the LRT fast run: MACE 0.49, NLL 23106.6 (its σ collapsed)
  assert.deepEqual([row.metrics.mace, Math.round(row.metrics.nll!), row.metrics.sigma], [0.49, 23107, 'raw']);
});

test('the data name lists the structure files and any given validation or test set', () => {
  assert.equal(dataName({ data: { structures: ['data/qm7/a.xyz', 'b.xyz'], test_structures: ['held/test.xyz'], validation_structures: null } }), 'a.xyz, b.xyz; test: test.xyz');
  assert.equal(dataName({ data: { structures: 'one.extxyz' } }), 'one.extxyz');
  assert.equal(dataName(undefined), '');
  assert.equal(dataName({ data: 7 }), '');
});

const row = (name: string, o: Partial<RunRow> & { rmse?: number }): RunRow => ({
  runDir: `/r/${name}`, name, method: o.method ?? 'ensemble ×5', methodType: o.methodType ?? 'ensemble', data: o.data ?? { name: 'tio2.tar.gz' }, forces: false,
  metrics: o.rmse === undefined ? {} : { energyRmse: o.rmse }, status: o.status ?? 'completed', detail: o.detail ?? '', startedAt: o.startedAt, can: { report: true, resume: false },
});
const rows = [
  row('run-10', { rmse: 0.02, startedAt: '2026-12-07T01:00:00Z' }),
  row('run-9', { rmse: 0.01, methodType: 'bnn', method: 'BNN lrt', startedAt: '2026-12-07T02:00:00Z' }),
  row('run-2', { status: 'running', detail: 'epoch 3/30', startedAt: '2026-12-07T03:00:00Z' }),
  row('qm7-a', { rmse: 0.03, status: 'failed', detail: 'out of memory', data: { name: 'qm7.xyz' }, startedAt: '2026-12-06T00:00:00Z' }),
];
const names = (rs: RunRow[]) => rs.map((r) => r.name);

test('sorting by a metric puts runs without it last in both directions; names sort numerically; status in its order', () => {
  assert.deepEqual(names(sortRunRows(rows, 'energyRmse', false)), ['run-9', 'run-10', 'qm7-a', 'run-2']);
  assert.deepEqual(names(sortRunRows(rows, 'energyRmse', true)), ['qm7-a', 'run-10', 'run-9', 'run-2']);
  assert.deepEqual(names(sortRunRows(rows, 'name', false)), ['qm7-a', 'run-2', 'run-9', 'run-10']);
  assert.deepEqual(names(sortRunRows(rows, 'status', false)), ['run-2', 'run-9', 'run-10', 'qm7-a'], 'running, completed (newest first), failed');
  assert.deepEqual(names(sortRunRows(rows, 'startedAt', true)), ['run-2', 'run-9', 'run-10', 'qm7-a']);
  assert.deepEqual(names(rows), ['run-10', 'run-9', 'run-2', 'qm7-a'], 'the input is left as it was');
});

test('filtering by method, status and words (all must match, any case)', () => {
  assert.deepEqual(names(filterRunRows(rows, { method: 'bnn' })), ['run-9']);
  assert.deepEqual(names(filterRunRows(rows, { status: 'completed' })), ['run-10', 'run-9']);
  assert.deepEqual(names(filterRunRows(rows, { text: 'QM7' })), ['qm7-a']);
  assert.deepEqual(names(filterRunRows(rows, { text: 'memory qm7' })), ['qm7-a'], 'the failure message is searched');
  assert.deepEqual(names(filterRunRows(rows, { text: 'run lrt' })), ['run-9']);
  assert.deepEqual(names(filterRunRows(rows, { method: 'ensemble', status: 'running', text: '  ' })), ['run-2']);
});
