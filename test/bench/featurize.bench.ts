// Bench: featurize the 1,000-structure TiO2 set (aenet-PyTorch example) WITH derivatives on one core,
// counting reading the archive, neighbour lists and derivatives, against aenet's generate.x measured in
// the same run (built from aenet's public source with gfortran, references/setup.ts; "reference absent:
// why" when it cannot be built). Set-up as the reference: Rr 6.5 Å / N 20, Ra 5.0 Å / N 6, ENV Ti, O.
// Rounds alternate (ours, generate.x, ours, …; MLIP_BENCH_ROUNDS, default 3) and each ratio is printed
// as min and median over the rounds' own ratios. Everything of ours runs on the main thread. Wall time
// is the target's measure; CPU time (ours: this process; generate.x: the child's user + system) is
// printed beside it because a shared machine is often oversubscribed, which stretches wall time only.
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { readStructures } from '../../src/core/structures';
import { Featurizer } from '../../src/core/descriptors';
import type { ChebyshevSetup } from '../../src/core/descriptors';
import { aenetGenerate, type GenerateTiming } from './references/aenet-generate';
import { ROUNDS, median } from './references/rounds';

const root = join(__dirname, '..', '..');
const archive = process.env.MLIP_TIO2_ARCHIVE ?? join(root, 'examples/data/tio2-1000-xsf.tar.gz');
if (!existsSync(archive)) {
  console.log(`featurize bench: ${archive} absent, nothing measured`);
  process.exit(0);
}
const setups: ChebyshevSetup[] = ['Ti', 'O'].map((element) => ({
  element, env: ['Ti', 'O'], rmin: 0.35, radialCutoff: 6.5, radialOrder: 20, angularCutoff: 5.0, angularOrder: 6,
}));

function once(): { seconds: number; cpu: number; structures: number; atoms: number; pairs: number; checksum: number } {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const structures = readStructures(archive);
  const f = new Featurizer(setups);
  let atoms = 0, pairs = 0, checksum = 0;
  for (const s of structures) {
    const d = f.featurize(s, { derivatives: true });
    atoms += d.n;
    pairs += d.jacobian!.pairAtom.length;
    // Touch the results so no work can be skipped; nothing is kept (the full Jacobian set is ~2 GB).
    checksum += d.values[0] + d.jacobian!.values[d.jacobian!.values.length - 1];
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  return { seconds, cpu: (c.user + c.system) / 1e6, structures: structures.length, atoms, pairs, checksum };
}

const fmt = (a: number[]) => `median ${median(a).toFixed(3)}, min ${Math.min(...a).toFixed(3)}`;
const reference = aenetGenerate(archive, setups);
let absent = 'absent' in reference ? reference.absent : null;
const load0 = loadavg()[0];
const runs: ReturnType<typeof once>[] = [];
const refs: GenerateTiming[] = [];
for (let r = 0; r < ROUNDS; r++) {
  runs.push(once());
  if (absent !== null || 'absent' in reference) continue;
  const g = reference.run();
  if ('absent' in g) absent = g.absent;
  else refs.push(g);
}
const r = runs[0];
const wall = runs.map((x) => x.seconds);
const cpu = runs.map((x) => x.cpu);
const rssMiB = process.resourceUsage().maxRSS / 1024;
console.log(`structures ${r.structures}, atoms ${r.atoms}, (i,k) Jacobian blocks ${r.pairs}, checksum ${r.checksum.toPrecision(12)}`);
console.log(`runs wall (s): ${wall.map((x) => x.toFixed(3)).join(', ')}; cpu (s): ${cpu.map((x) => x.toFixed(3)).join(', ')}; load average ${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`);
console.log(`featurize with derivatives: ${median(wall).toFixed(3)} s wall, ${median(cpu).toFixed(3)} s cpu (medians of ${ROUNDS}), ${(r.structures / median(wall)).toFixed(0)} structures/s, ${(r.atoms / median(wall)).toFixed(0)} atoms/s`);
console.log(`peak RSS ${rssMiB.toFixed(0)} MiB`);
if (absent !== null) {
  console.log(`aenet generate.x: reference absent: ${absent}`);
} else if (!('absent' in reference)) {
  if (refs[0].structures !== r.structures) console.log(`warning: generate.x read ${refs[0].structures} XSF files, ours ${r.structures} structures`);
  console.log(`aenet generate.x (${reference.source}), same run: wall (s) ${refs.map((x) => x.wall.toFixed(3)).join(', ')}; cpu (s) ${refs.map((x) => x.cpu.toFixed(3)).join(', ')}`);
  const wallRatio = refs.map((g, i) => wall[i] / g.wall);
  const cpuRatio = refs.map((g, i) => cpu[i] / g.cpu);
  console.log(`ours / generate.x over ${refs.length} interleaved rounds: wall ${fmt(wallRatio)}; cpu ${fmt(cpuRatio)} (target ≤ 1.0)`);
}
