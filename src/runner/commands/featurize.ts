/**
 * `mlip-uq featurize --setup Ti.fingerprint.stp --setup O.fingerprint.stp FILES… [--json] [--derivatives] [--out FILE]`:
 * aenet Chebyshev descriptors of structure files. With --json it prints every value with full float64
 * precision (JSON.stringify of a double round-trips exactly); with --out it writes the binary feature
 * cache (format in src/core/descriptors/feature-cache.ts); without either it prints a summary only (a
 * cache of a thousand structures with derivatives is hundreds of MB: never written unasked).
 *
 * `mlip-uq featurize --config CONFIG [--json]`: checks a config's data as a run reads them (validate-data.ts).
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
import { formatDiagnostic, loadConfigOrThrow } from '../../core/config';
import { checkConfigData, formatDataCheck } from '../validate-data';

const USAGE = `usage: mlip-uq featurize --setup EL.fingerprint.stp [--setup …] FILES… [--json] [--derivatives] [--out FILE]
       mlip-uq featurize --config CONFIG [--json]

  --setup FILE         an aenet fingerprint set-up (.stp), one per element
  FILES                structure files, folders, globs or .tar.gz archives (XSF, extended XYZ)
  --json               print {"structures":[{"file","energy","atoms":[{"element","position","descriptor"}],"jacobian"}]}
  --derivatives        also compute dG_i/dR_k ("jacobian": dG_dR[i][k][c][n], dense, only in --json output)
  --out FILE           write the binary feature cache there (without --out and --json: a summary only)
  --config CONFIG      check a config's data instead: structures read and screened as a run reads them,
                       elements, energies and forces, the split, exclusions with reasons (exit 1 on a problem)
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
    parsed = parseArgs(args, { values: ['out', 'energy-unit', 'config'], repeatable: ['setup'], flags: ['json', 'derivatives'] });
  } catch (e) {
    if (!(e instanceof ArgError)) throw e;
    io.err(`mlip-uq featurize: ${e.message}\n${USAGE}\n`);
    return 2;
  }
  const configFile = parsed.values.config;
  if (configFile !== undefined) {
    if (parsed.positionals.length || parsed.lists.setup?.length) { io.err(`mlip-uq featurize: --config takes the data and set-ups from the config; give no files or --setup\n${USAGE}\n`); return 2; }
    const { config, warnings } = loadConfigOrThrow(configFile);
    // Located as the editor shows them, so "data ready to train" is not read as "nothing to fix".
    for (const d of warnings) if (d.severity === 'warning') io.err(`mlip-uq featurize: ${formatDiagnostic(d, configFile)}\n`);
    const check = checkConfigData(config, configFile);
    io.out(parsed.flags.has('json') ? `${JSON.stringify(check, null, 1)}\n` : formatDataCheck(check, configFile));
    return check.problems.length ? 1 : 0;
  }
  const setupFiles = parsed.lists.setup ?? [];
  if (setupFiles.length === 0) { io.err(`mlip-uq featurize: give one --setup per element (or --config CONFIG to check a config's data)\n${USAGE}\n`); return 2; }
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

  const out = parsed.values.out;
  let fd: number | undefined;
  if (out !== undefined) {
    try {
      fd = openSync(out, 'w');
    } catch (e) {
      throw new LocatedError(`cannot write (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { file: out, field: '--out' }, 'a writable file path');
    }
  }
  let bytes = 0, atoms = 0, values = 0, blocks = 0;
  const write = (chunk: Uint8Array) => { if (fd !== undefined) writeSync(fd, chunk); bytes += chunk.length; };
  try {
    write(encodeCacheHeader(setups, derivatives));
    for (const s of structures) {
      const d = featurizer.featurize(s, { derivatives });
      atoms += d.n; values += d.values.length; blocks += d.jacobian?.pairAtom.length ?? 0;
      for (const chunk of encodeCacheRecord({ name: s.name, energy: s.energy, species: s.species, positions: s.positions }, d, derivatives)) write(chunk);
    }
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  const secs = (Date.now() - started) / 1000;
  const size = `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  io.out(`featurized ${structures.length} structures, ${atoms} atoms, ${values} descriptor values` +
    `${derivatives ? `, ${blocks} Jacobian blocks` : ''} ${out !== undefined ? `-> ${out} (${size})` : `(nothing written: --out FILE writes the ${size} cache)`} in ${secs.toFixed(2)} s\n`);
  return 0;
}

const featurize: Command = { run: (args) => runFeaturize(args) };

export default featurize;
