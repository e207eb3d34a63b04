/**
 * How training time grows with the work (issue 14, item 5): seconds per epoch, energy only, batch 64,
 * tanh, on the public Trainer API as train.bench.ts, one axis at a time from the base case (1,000 TiO2
 * structures, 2×15, one network):
 * - data size: 1,000 and 7,815 structures (90 % trained on);
 * - width: 2×15, 2×40, 2×100;
 * - deep-ensemble size: 1, 5, 10, 20 members (2×15);
 * then peak RSS of a process that featurizes all 7,815 structures with derivatives for 25 % and trains
 * two epochs with forces (α 0.1), in a child process of its own so nothing else counts (goal ≤ 2 GB).
 * The 7,815 set is ../shared/datasets/tio2-full-7815/tio2-7815-xsf.tar.gz (MLIP_TIO2_FULL_ARCHIVE);
 * its rows print "absent" without it. Per case: one untimed warm-up epoch, then epochs until 2 s or 10
 * epochs have passed (at least 3); the median is printed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '../../src/core/backend/select-backend';
import { createModel } from '../../src/core/estimators/create-model';
import type { ModelSpec } from '../../src/core/models/potential';
import type { PreparedData } from '../../src/core/training/prepare';
import { Trainer } from '../../src/core/training/trainer';
import type { Structure } from '../../src/core/structures/types';
import { median } from './references/rounds';
import { ELEMENTS, tio2Bench } from './train-fixture';

const FULL = process.env.MLIP_TIO2_FULL_ARCHIVE ?? join(__dirname, '..', '..', '..', 'shared', 'datasets', 'tio2-full-7815', 'tio2-7815-xsf.tar.gz');
const SPLIT = { train: 0.9, validation: 0, test: 0.1 };

function spec(width: number, members: number): ModelSpec {
  const base = { elements: ELEMENTS, dims: [56, 56], hidden: [width, width], activation: 'tanh' as const, seed: 1 };
  return members > 1 ? { ...base, kind: 'ensemble', members } : { ...base, kind: 'deterministic', members: 1 };
}

function trainer(data: PreparedData, s: ModelSpec, alpha: number): { t: Trainer; dispose: () => void } {
  const model = createModel(s);
  const t = new Trainer(model, data.train, data.validation, data.std, {
    batchSize: 64, adam: { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, clip: null },
    alpha, patience: null, minDelta: 0, seed: 1, bnn: null, bootstrap: false, energyScale: data.norm.scale,
  });
  return { t, dispose: () => { t.dispose(); model.dispose(); } };
}

function secondsPerEpoch(data: PreparedData, s: ModelSpec, alpha = 0, maxEpochs = 10): { seconds: number; epochs: number; engine: string } {
  const { t, dispose } = trainer(data, s, alpha);
  t.runEpoch(); // warms up JIT and kernels
  const times: number[] = [];
  let total = 0;
  while (times.length < 3 || (total < 2 && times.length < maxEpochs)) {
    const t0 = process.hrtime.bigint();
    t.runEpoch();
    const dt = Number(process.hrtime.bigint() - t0) / 1e9;
    times.push(dt);
    total += dt;
  }
  const engine = t.engine.name;
  dispose();
  return { seconds: median(times), epochs: times.length, engine };
}

/** Child: all 7,815 structures, derivatives for 25 %, two timed epochs with forces; prints one JSON line. */
async function forcesRssChild(): Promise<void> {
  await selectBackend({ backend: (process.env.MLIP_BACKEND as 'auto') ?? 'auto', threads: 1 });
  const full = tio2Bench(SPLIT, 0.25, 1, FULL);
  const rssAfterData = process.memoryUsage().rss;
  const r = secondsPerEpoch(full.data, spec(15, 1), 0.1, 2);
  console.log(JSON.stringify({
    structures: full.structures.length, withForces: full.data.train.filter((s) => s.forces).length, featurizeSeconds: full.featurizeSeconds,
    secondsPerEpoch: r.seconds, engine: r.engine, rssAfterDataMiB: rssAfterData / 1024 ** 2, peakRssMiB: process.resourceUsage().maxRSS / 1024,
  }));
}

async function main(): Promise<void> {
  const backend = await selectBackend({ backend: (process.env.MLIP_BACKEND as 'auto') ?? 'auto', threads: 1 });
  console.log(`backend: ${backend.name} (${backend.reason}), threads ${backend.threads}; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`);
  const small = tio2Bench(SPLIT, 0);
  console.log(`featurized ${small.structures.length.toLocaleString('en')} structures (energy only) in ${small.featurizeSeconds.toFixed(1)} s`);
  const haveFull = existsSync(FULL);
  const full = haveFull ? tio2Bench(SPLIT, 0, 1, FULL) : null;
  if (full) console.log(`featurized ${full.structures.length.toLocaleString('en')} structures (energy only) in ${full.featurizeSeconds.toFixed(1)} s`);
  else console.log(`${FULL}: absent`);

  const rows: string[] = ['| structures | network | members | s/epoch | µs per structure per member | vs base | epochs timed | engine |', '|---|---|---|---|---|---|---|---|'];
  let base = NaN;
  const row = (d: { structures: Structure[]; data: PreparedData } | null, label: string, width: number, members: number) => {
    if (!d) { rows.push(`| ${label} | 2×${width} | ${members} | absent | | | | |`); return; }
    const r = secondsPerEpoch(d.data, spec(width, members));
    if (Number.isNaN(base)) base = r.seconds;
    const perStructure = (r.seconds / d.data.train.length / members) * 1e6;
    rows.push(`| ${d.structures.length.toLocaleString('en')} | 2×${width} | ${members} | ${r.seconds.toFixed(4)} | ${perStructure.toFixed(1)} | ${(r.seconds / base).toFixed(2)}× | ${r.epochs} | ${r.engine} |`);
    console.log(rows[rows.length - 1]); // progress, in case a later row runs long
  };
  row(small, '1,000', 15, 1);
  row(full, '7,815', 15, 1);
  for (const width of [40, 100]) row(small, '1,000', width, 1);
  for (const members of [5, 10, 20]) row(small, '1,000', 15, members);
  console.log(`\nseconds per epoch, energy only, batch 64, tanh, one core (base: the first row)\n${rows.join('\n')}`);

  if (!haveFull) { console.log(`\npeak RSS, 7,815 structures with forces on 25 %: absent (${FULL})`); return; }
  const child = spawnSync(process.execPath, [...process.execArgv, __filename, '--forces-rss-child'], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const line = child.stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (child.status !== 0 || !line) { console.log(`\npeak RSS child failed: ${(child.stderr || child.stdout).trim().split('\n').slice(-3).join(' / ')}`); process.exitCode = 1; return; }
  const c = JSON.parse(line) as { structures: number; withForces: number; featurizeSeconds: number; secondsPerEpoch: number; engine: string; rssAfterDataMiB: number; peakRssMiB: number };
  console.log(`\n${c.structures.toLocaleString('en')} structures, forces on 25 % (${c.withForces} training structures with forces), α 0.1, 2×15: featurized in ${c.featurizeSeconds.toFixed(1)} s; ${c.secondsPerEpoch.toFixed(3)} s/epoch (${c.engine}); RSS after the data ${(c.rssAfterDataMiB / 1024).toFixed(2)} GB, peak RSS ${(c.peakRssMiB / 1024).toFixed(2)} GB (goal ≤ 2 GB)`);
}

if (process.argv.includes('--forces-rss-child')) forcesRssChild().catch((e: unknown) => { console.error(e); process.exitCode = 1; });
else main().catch((e: unknown) => { console.error(e); process.exitCode = 1; });
