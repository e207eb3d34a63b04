// Bench: the published aenet TiO2 fit (shared/datasets/tio2-full-7815/aenet-fit, 40-40 tanh networks,
// Chebyshev 6.0/22 + 3.0/6) evaluated on all 7,707 structures its energies.train.0 / energies.test.0
// list. Checks every ANN per-atom energy to 2e-6 eV/atom (the files print 7 digits) and times
// reading, energies, and energies + forces on one core. Baseline for the ratio: aenet's generate.x,
// 240 structures/s on this machine kind for descriptors with derivatives of the 1,000-structure set
// (shared/reference/aenet/README.md; 6.5/5.0 Å cut-offs there, so only indicative for this set-up).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadAenetPotential } from '../../src/core/aenet/read-potential';
import { createAenetModel } from '../../src/core/aenet/model';
import { AenetPredictor } from '../../src/core/aenet/predictor';
import { parseAenetEnergies, type AenetEnergiesRow } from '../../src/core/aenet/energies-file';
import { readStructures } from '../../src/core/structures/read';
import type { Structure } from '../../src/core/structures/types';

const TOL = 2e-6;
const BASELINE_STRUCTURES_PER_S = 240;
const dataDir = path.join(__dirname, '..', '..', '..', 'shared', 'datasets', 'tio2-full-7815');
const fitDir = path.join(dataDir, 'aenet-fit');
if (!existsSync(path.join(fitDir, 'energies.train.0'))) {
  console.log(`aenet bench: ${dataDir} absent, nothing measured`);
  process.exit(0);
}

const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

let t0 = process.hrtime.bigint();
const rows: AenetEnergiesRow[] = ['train', 'test'].flatMap((k) => {
  const f = path.join(fitDir, `energies.${k}.0`);
  return parseAenetEnergies(readFileSync(f, 'utf8'), f);
});
const all = readStructures(path.join(dataDir, 'tio2-7815-xsf.tar.gz'));
const byName = new Map(all.map((s) => [path.basename(s.source.member ?? s.name), s]));
const listed: { row: AenetEnergiesRow; s: Structure }[] = rows.map((row) => {
  const s = byName.get(path.basename(row.path));
  if (!s) throw new Error(`${row.path} missing from the archive`);
  return { row, s };
});
const tRead = seconds(t0);
const atoms = listed.reduce((n, x) => n + x.s.species.length, 0);

const predictor = new AenetPredictor(createAenetModel(['Ti', 'O'].map((e) => loadAenetPotential(path.join(fitDir, `${e}.40t-40t.nn`)))));

t0 = process.hrtime.bigint();
let maxDelta = 0;
let worst = '';
let failures = 0;
let sumSq = 0;
for (const { row, s } of listed) {
  const perAtom = predictor.predict(s).cohesiveEnergy / row.nAtoms;
  const d = Math.abs(perAtom - row.annPerAtom);
  sumSq += d * d;
  if (d > maxDelta) { maxDelta = d; worst = row.path; }
  if (d > TOL) failures++;
}
const tEnergy = seconds(t0);

t0 = process.hrtime.bigint();
let checksum = 0;
for (const { s } of listed) checksum += predictor.predict(s, { forces: true }).forces![0];
const tForces = seconds(t0);

const n = listed.length;
const rate = (t: number) => `${(n / t).toFixed(0)} structures/s, ${(atoms / t).toFixed(0)} atoms/s`;
console.log(`structures ${n} (train + test), atoms ${atoms}`);
console.log(`max |Δ| vs ANN column: ${maxDelta.toExponential(3)} eV/atom (${worst}), RMS ${Math.sqrt(sumSq / n).toExponential(3)}, over ${TOL}: ${failures}`);
console.log(`read archive + energies files: ${tRead.toFixed(2)} s`);
console.log(`energies: ${tEnergy.toFixed(2)} s, ${rate(tEnergy)}`);
console.log(`energies + forces: ${tForces.toFixed(2)} s, ${rate(tForces)} (checksum ${checksum.toPrecision(8)})`);
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
console.log(`ratio of energies + forces throughput to aenet generate.x (${BASELINE_STRUCTURES_PER_S} structures/s, indicative): ${((n / tForces) / BASELINE_STRUCTURES_PER_S).toFixed(2)} (higher is faster)`);
if (failures > 0) process.exit(1);
