// Bench: featurize the 1,000-structure TiO2 set (aenet-PyTorch example) WITH derivatives on one core,
// counting reading the archive, neighbour lists and derivatives, against aenet's generate.x: 4.17 s
// (median of 6) on this machine kind (shared/reference/aenet/README.md). Set-up as that reference:
// Rr 6.5 Å / N 20, Ra 5.0 Å / N 6, ENV Ti, O. Prints the median of 3 runs, structures/s, peak RSS.
// Everything runs on the main thread (no workers). Wall time is the target's measure; the CPU time
// of this process is printed beside it because the shared CI machine is often oversubscribed
// (the load average is printed too), which stretches wall time but not CPU time.
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { readStructures } from '../../src/core/structures';
import { Featurizer } from '../../src/core/descriptors';
import type { ChebyshevSetup } from '../../src/core/descriptors';

const AENET_SECONDS = 4.17;
const root = join(__dirname, '..', '..');
const archive = join(root, 'examples/data/tio2-1000-xsf.tar.gz');
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

const load0 = loadavg()[0];
const runs = [once(), once(), once()];
const median = runs.map((r) => r.seconds).sort((a, b) => a - b)[1];
const cpuMedian = runs.map((r) => r.cpu).sort((a, b) => a - b)[1];
const r = runs[0];
const rssMiB = process.resourceUsage().maxRSS / 1024;
console.log(`structures ${r.structures}, atoms ${r.atoms}, (i,k) Jacobian blocks ${r.pairs}, checksum ${r.checksum.toPrecision(12)}`);
console.log(`runs wall (s): ${runs.map((x) => x.seconds.toFixed(3)).join(', ')}; cpu (s): ${runs.map((x) => x.cpu.toFixed(3)).join(', ')}; load average ${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`);
console.log(`featurize with derivatives: ${median.toFixed(3)} s wall, ${cpuMedian.toFixed(3)} s cpu (medians of 3), ${(r.structures / median).toFixed(0)} structures/s, ${(r.atoms / median).toFixed(0)} atoms/s`);
console.log(`peak RSS ${rssMiB.toFixed(0)} MiB`);
console.log(`ratio to aenet generate.x (${AENET_SECONDS} s): wall ${(median / AENET_SECONDS).toFixed(3)}, cpu ${(cpuMedian / AENET_SECONDS).toFixed(3)} (target ≤ 1.0)`);
