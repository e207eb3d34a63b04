/**
 * `mlip-uq featurize --setup Ti.fingerprint.stp --setup O.fingerprint.stp FILES… [--json] [--derivatives] [--out FILE]`:
 * aenet Chebyshev descriptors of structure files. With --json it prints every value with full float64
 * precision (JSON.stringify of a double round-trips exactly); otherwise it writes the binary feature
 * cache (format in src/core/descriptors/feature-cache.ts) and prints a one-line summary.
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { LocatedError } from '../../core/errors';
import { Featurizer, parseStp, denseJacobian, atomDescriptor } from '../../core/descriptors';
import type { ChebyshevSetup, StructureDescriptors } from '../../core/descriptors';
import { encodeCacheHeader, encodeCacheRecord } from '../../core/descriptors/feature-cache';
import { readStructures, isEnergyUnit } from '../../core/structures';
import type { Structure } from '../../core/structures';
import { ArgError, parseArgs } from '../args';
import type { Command } from './command';
import { processOutput, type CommandOutput } from './command-output';

const USAGE = `usage: mlip-uq featurize --setup EL.fingerprint.stp [--setup …] FILES… [--json] [--derivatives] [--out FILE]

  --setup FILE         an aenet fingerprint set-up (.stp), one per element
  FILES                structure files, folders, globs or .tar.gz archives (XSF, extended XYZ)
  --json               print {"structures":[{"file","energy","atoms":[{"element","position","descriptor"}],"jacobian"}]}
  --derivatives        also compute dG_i/dR_k ("jacobian": dG_dR[i][k][c][n], dense, only in --json output)
  --out FILE           binary feature cache to write without --json (default features.bin)
  --energy-unit UNIT   energy unit of extended-XYZ inputs: eV (default) or kcal/mol`;

function readSetup(file: string): ChebyshevSetup {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new LocatedError(`cannot read set-up (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { file, field: '--setup' }, 'a readable aenet .stp file');
  }
  return parseStp(text, file);
}

function structureJson(s: Structure, d: StructureDescriptors, derivatives: boolean) {
  const atoms = s.species.map((element, i) => ({
    element,
    position: [s.positions[3 * i], s.positions[3 * i + 1], s.positions[3 * i + 2]],
    descriptor: Array.from(atomDescriptor(d, i)),
  }));
  return derivatives ? { file: s.name, energy: s.energy, atoms, jacobian: denseJacobian(d) } : { file: s.name, energy: s.energy, atoms };
}

export async function runFeaturize(args: string[], io: CommandOutput = processOutput): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) { io.out(`${USAGE}\n`); return 0; }
  let parsed;
  try {
    parsed = parseArgs(args, { values: ['out', 'energy-unit'], repeatable: ['setup'], flags: ['json', 'derivatives'] });
  } catch (e) {
    if (!(e instanceof ArgError)) throw e;
    io.err(`mlip-uq featurize: ${e.message}\n${USAGE}\n`);
    return 2;
  }
  const setupFiles = parsed.lists.setup ?? [];
  if (setupFiles.length === 0) { io.err(`mlip-uq featurize: give one --setup per element\n${USAGE}\n`); return 2; }
  if (parsed.positionals.length === 0) { io.err(`mlip-uq featurize: no structure files given\n${USAGE}\n`); return 2; }
  const unit = parsed.values['energy-unit'] ?? 'eV';
  if (!isEnergyUnit(unit)) throw new LocatedError(`unknown energy unit "${unit}"`, { field: '--energy-unit' }, 'eV or kcal/mol');

  const setups = setupFiles.map(readSetup);
  const featurizer = new Featurizer(setups);
  const derivatives = parsed.flags.has('derivatives');
  const started = Date.now();
  const structures = readStructures(parsed.positionals, { requireEnergy: false, energyUnit: unit });

  if (parsed.flags.has('json')) {
    io.out('{"structures":[\n');
    structures.forEach((s, idx) => {
      const d = featurizer.featurize(s, { derivatives });
      io.out(`${idx ? ',\n' : ''}${JSON.stringify(structureJson(s, d, derivatives))}`);
    });
    io.out('\n]}\n');
    return 0;
  }

  const out = parsed.values.out ?? 'features.bin';
  let fd: number;
  try {
    fd = openSync(out, 'w');
  } catch (e) {
    throw new LocatedError(`cannot write (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { file: out, field: '--out' }, 'a writable file path');
  }
  let bytes = 0, atoms = 0, values = 0, blocks = 0;
  const write = (chunk: Uint8Array) => { writeSync(fd, chunk); bytes += chunk.length; };
  try {
    write(encodeCacheHeader(setups, derivatives));
    for (const s of structures) {
      const d = featurizer.featurize(s, { derivatives });
      atoms += d.n; values += d.values.length; blocks += d.jacobian?.pairAtom.length ?? 0;
      for (const chunk of encodeCacheRecord({ name: s.name, energy: s.energy, species: s.species, positions: s.positions }, d, derivatives)) write(chunk);
    }
  } finally {
    closeSync(fd);
  }
  const secs = (Date.now() - started) / 1000;
  io.out(`featurized ${structures.length} structures, ${atoms} atoms, ${values} descriptor values` +
    `${derivatives ? `, ${blocks} Jacobian blocks` : ''} -> ${out} (${(bytes / 2 ** 20).toFixed(1)} MiB) in ${secs.toFixed(2)} s\n`);
  return 0;
}

const featurize: Command = { run: (args) => runFeaturize(args) };

export default featurize;
