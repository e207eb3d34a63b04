/**
 * The rows of the runs table, one per run directory, as the DVC extension lists experiments: method, data
 * (names and split sizes), the test set's key metrics, status, and which actions apply. Pure: the host reads
 * the files (events folded by src/core/run-dir/run-summary.ts, config.resolved.json, the report) and hands
 * them in; sorting and filtering are here too, so the panel and the tests share them.
 */
import type { MethodType } from '../method/names';
import type { UqReport } from '../../protocol/report';
import { RUN_TABLE_STATUSES, type RunRow, type RunSortKey, type RunTableStatus } from '../../protocol/runs-table';
import { methodLabel, type RunSummary } from '../run-dir/run-summary';

export type { RunRow, RunSortKey, RunTableStatus };

export interface RunRowInput {
  runDir: string;
  /** The run's events folded (a live run's own summary while its process is attached). */
  summary: RunSummary;
  /** A runner process is attached to it now. */
  active: boolean;
  /** It stopped before the end and left a checkpoint. */
  resumable: boolean;
  /** The report file, when one is there; its parsed content when it could be read. */
  reportFile?: string;
  report?: UqReport;
  /** config.resolved.json as parsed (untyped: read from disk, fields picked defensively). */
  config?: unknown;
}

const base = (p: string): string => p.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? p;

function stringList(x: unknown): string[] {
  if (typeof x === 'string') return [x];
  return Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : [];
}

/** "tio2-1000-xsf.tar.gz", "a.xyz, b.xyz; test: qm7-test.xyz": the data's file names, from the resolved config. */
export function dataName(config: unknown): string {
  const data = (config as { data?: Record<string, unknown> } | null | undefined)?.data;
  if (!data || typeof data !== 'object') return '';
  const names = (x: unknown) => stringList(x).map(base).join(', ');
  return [names(data.structures), ...(['validation', 'test'] as const).flatMap((set) => {
    const given = names(data[`${set}_structures`]);
    return given ? [`${set}: ${given}`] : [];
  })].filter(Boolean).join('; ');
}

/** Where a summary's status belongs in the table's four, and the words that go with it. */
function statusOf(s: RunSummary, active: boolean, resumable: boolean): { status: RunTableStatus; detail: string } {
  const epoch = s.epochs ? `epoch ${s.epoch}/${s.epochs}` : '';
  if (active || s.status === 'running' || s.status === 'starting') {
    return { status: 'running', detail: s.status === 'starting' || !s.epoch ? 'starting' : epoch };
  }
  const canResume = resumable ? '; resumable' : '';
  switch (s.status) {
    case 'done': {
      const best = s.bestEpoch !== undefined ? `best epoch ${s.bestEpoch}` : '';
      const why = s.stopReason === 'early-stopping' ? 'early stopping' : s.stopReason === 'time-budget' ? 'time budget reached' : '';
      return { status: 'completed', detail: [why, best].filter(Boolean).join(', ') };
    }
    case 'stopped': return { status: 'stopped', detail: `stopped at ${epoch || 'the start'}${canResume}` };
    case 'interrupted': return { status: 'stopped', detail: `interrupted at ${epoch || 'the start'} (the process ended without finishing)${canResume}` };
    case 'failed': return { status: 'failed', detail: `${s.message ?? 'failed'}${canResume}` };
  }
}

const num = (x: unknown): number | undefined => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);

/**
 * The test set's headline numbers. RMSE from the report, else the `finished` event's (the same number,
 * computed per atom); MACE and NLL need the report and are those of σ as the run uses it (recalibrated on
 * validation when it was, as `predict` and the viewer default to), else of the raw σ.
 */
function metricsOf(input: RunRowInput): RunRow['metrics'] {
  const test = input.report?.metrics?.test;
  const final = input.summary.finalMetrics ?? {};
  const energy = test?.energy;
  const used = energy?.recalibrated ? 'recalibrated' : energy?.raw ? 'raw' : undefined;
  const shown = used ? energy![used]!.metrics : undefined;
  const out: RunRow['metrics'] = {
    energyRmse: num(energy?.raw?.metrics?.rmse) ?? num(final.testEnergyRmse),
    mace: num(shown?.mace),
    nll: num(shown?.nll),
    forceRmse: num(test?.forces?.raw?.metrics?.rmse) ?? num(final.testForceRmse),
  };
  if (used) out.sigma = used;
  for (const k of Object.keys(out) as (keyof typeof out)[]) if (out[k] === undefined) delete out[k];
  return out;
}

/** Split sizes: the `started` event's, else the report's split lists. */
function sizesOf(input: RunRowInput): Omit<RunRow['data'], 'name'> {
  const d = input.summary.data;
  if (d) return { structures: d.structures, train: d.train, validation: d.validation, test: d.test };
  const split = input.report?.producer?.split;
  if (!split) return {};
  const n = (x: unknown) => (Array.isArray(x) ? x.length : undefined);
  const train = n(split.train), validation = n(split.validation), test = n(split.test);
  const out: Omit<RunRow['data'], 'name'> = { train, validation, test };
  if (train !== undefined && validation !== undefined && test !== undefined) out.structures = train + validation + test;
  for (const k of Object.keys(out) as (keyof typeof out)[]) if (out[k] === undefined) delete out[k];
  return out;
}

export function buildRunRow(input: RunRowInput): RunRow {
  const s = input.summary;
  const r = input.report;
  const method = s.method ? methodLabel(s) : r?.method ? methodLabel(r.method) : '';
  const methodType: MethodType | undefined = s.method ?? r?.method?.method;
  const configFile = s.configFile ?? r?.producer?.configFile;
  const { status, detail } = statusOf(s, input.active, input.resumable);
  const hasReport = !!input.reportFile && !input.active;
  const row: RunRow = {
    runDir: input.runDir,
    name: base(input.runDir),
    method,
    data: { name: dataName(input.config ?? r?.producer?.config), ...sizesOf(input) },
    forces: s.trainForces ?? r?.method?.trainForces ?? false,
    metrics: metricsOf(input),
    status,
    detail,
    can: { report: hasReport, resume: !input.active && input.resumable && status !== 'completed' && status !== 'running' },
  };
  if (configFile) row.config = base(configFile).replace(/\.mlip\.(ya?ml|json)$/, '');
  if (methodType) row.methodType = methodType;
  const started = s.startedAt ?? r?.createdAt;
  if (started) row.startedAt = started;
  return row;
}

/** "100 (80/10/10)": all structures and the train/validation/test split; '' when unknown. */
export function dataSizes(d: RunRow['data']): string {
  const split = d.train !== undefined && d.validation !== undefined && d.test !== undefined ? `${d.train}/${d.validation}/${d.test}` : '';
  if (d.structures === undefined) return split;
  return split ? `${d.structures} (${split})` : String(d.structures);
}

/** The value a column sorts by; undefined (no metric yet) sorts last whichever the direction. */
function sortValue(r: RunRow, key: RunSortKey): string | number | undefined {
  switch (key) {
    case 'name': return r.name;
    case 'method': return r.method || undefined;
    case 'data': return r.data.name || undefined;
    case 'status': return RUN_TABLE_STATUSES.indexOf(r.status);
    case 'startedAt': return r.startedAt;
    default: return r.metrics[key];
  }
}

/** A copy sorted by one column; rows without a value last in either direction, ties newest first, then by name. */
export function sortRunRows(rows: readonly RunRow[], key: RunSortKey, descending: boolean): RunRow[] {
  const sign = descending ? -1 : 1;
  const tie = (a: RunRow, b: RunRow) => (b.startedAt ?? '').localeCompare(a.startedAt ?? '') || a.name.localeCompare(b.name);
  return [...rows].sort((a, b) => {
    const va = sortValue(a, key), vb = sortValue(b, key);
    if (va === undefined || vb === undefined) return va === vb ? tie(a, b) : va === undefined ? 1 : -1;
    const c = typeof va === 'string' ? va.localeCompare(vb as string, undefined, { numeric: true }) : va - (vb as number);
    return c * sign || tie(a, b);
  });
}

export interface RunFilter {
  /** Only runs of this method ('deterministic', 'ensemble', 'bnn'); absent: all. */
  method?: MethodType;
  status?: RunTableStatus;
  /** Every whitespace-separated word must appear (any case) in the name, config, method, data or status words. */
  text?: string;
}

export function filterRunRows(rows: readonly RunRow[], f: RunFilter): RunRow[] {
  const words = (f.text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  return rows.filter((r) => {
    if (f.method && r.methodType !== f.method) return false;
    if (f.status && r.status !== f.status) return false;
    if (!words.length) return true;
    const hay = [r.name, r.config ?? '', r.method, r.data.name, r.status, r.detail].join(' ').toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}
