/**
 * `mlip-uq predict --aenet-potential Ti=Ti.nn --aenet-potential O=O.nn FILES… [--forces] [--json]`:
 * evaluates aenet potentials on structures. Energies are reported as aenet reports them: the total
 * energy (including the free-atom reference energies stored in the potential files) and the cohesive
 * energy relative to those free atoms, which is what aenet's energies.*.N files list.
 */
import { LocatedError } from '../../core/errors';
import { loadAenetPotential } from '../../core/aenet/read-potential';
import { createAenetModel } from '../../core/aenet/model';
import { AenetPredictor } from '../../core/aenet/predictor';
import type { AenetPotential } from '../../core/aenet/types';
import type { AenetPrediction } from '../../core/aenet/predict-from-descriptors';
import { readStructures } from '../../core/structures/read';
import { isEnergyUnit } from '../../core/structures/units';
import type { Structure } from '../../core/structures/types';
import { ArgError, parseArgs } from '../args';
import { processOutput, type CommandOutput } from './command-output';
import { terminalText } from '../../core/report/escape-text';

const USAGE = `usage: mlip-uq predict --aenet-potential EL=FILE.nn [--aenet-potential EL=FILE.nn …] FILES… [--forces] [--json]

  --aenet-potential EL=FILE  an aenet potential (binary .nn or .nn.ascii) for element EL, one per
                             element; "FILE" alone takes the element from the file
  FILES                      structure files, folders, globs or .tar.gz archives (XSF, extended XYZ)
  --forces                   also compute forces (eV/Å)
  --json                     print {"structures":[…]} with full float64 precision
  --energy-unit U            unit of energies in extended-XYZ inputs: eV (default) or kcal/mol`;

export async function runPredictAenet(args: string[], io: CommandOutput = processOutput): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) { io.out(`${USAGE}\n`); return 0; }
  let parsed;
  try {
    parsed = parseArgs(args, { values: ['energy-unit'], repeatable: ['aenet-potential'], flags: ['forces', 'json'] });
  } catch (e) {
    if (!(e instanceof ArgError)) throw e;
    io.err(`mlip-uq predict: ${e.message}\n${USAGE}\n`);
    return 2;
  }
  if (parsed.positionals.length === 0) {
    io.err(`mlip-uq predict: no structure files given\n${USAGE}\n`);
    return 2;
  }
  const energyUnit = parsed.values['energy-unit'] ?? 'eV';
  if (!isEnergyUnit(energyUnit)) {
    io.err(`mlip-uq predict: --energy-unit ${energyUnit} is not a unit; expected eV or kcal/mol\n`);
    return 2;
  }
  const potentials = (parsed.lists['aenet-potential'] ?? []).map(loadNamedPotential);
  const predictor = new AenetPredictor(createAenetModel(potentials));
  const forces = parsed.flags.has('forces');
  const structures = readStructures(parsed.positionals, { requireEnergy: false, energyUnit });

  const results = structures.map((s) => ({ s, p: predictor.predict(s, { forces }) }));
  if (parsed.flags.has('json')) {
    const body = results.map(({ s, p }) => JSON.stringify(toJson(s, p))).join(',\n');
    io.out(`{"structures":[\n${body}\n]}\n`);
  } else {
    io.out(`${'structure'.padEnd(40)} ${'atoms'.padStart(5)} ${'E_total (eV)'.padStart(20)} ${'E_coh/atom (eV)'.padStart(16)} ${'(E − E_file)/atom'.padStart(18)}\n`);
    for (const { s, p } of results) {
      const n = s.species.length;
      // The file's energy is a total energy, on the same free-atom reference the potential adds back.
      const diff = s.energy === null ? '' : ((p.totalEnergy - s.energy) / n).toExponential(3);
      io.out(`${terminalText(s.name).padEnd(40)} ${String(n).padStart(5)} ${p.totalEnergy.toFixed(8).padStart(20)} ${(p.cohesiveEnergy / n).toFixed(8).padStart(16)} ${diff.padStart(18)}\n`);
    }
  }
  return 0;
}

/** `EL=FILE` or `FILE`; the element given must be the one the file describes. */
function loadNamedPotential(spec: string): AenetPotential {
  const eq = spec.indexOf('=');
  const element = eq > 0 ? spec.slice(0, eq) : null;
  const file = eq > 0 ? spec.slice(eq + 1) : spec;
  if (!file) throw new LocatedError(`"--aenet-potential ${spec}" names no file`, { field: '--aenet-potential' }, 'EL=FILE.nn');
  const p = loadAenetPotential(file);
  if (element !== null && element !== p.element) {
    throw new LocatedError(`given for ${element}, but the potential is for ${p.element}`, { file, field: 'setup.atomtype' }, `a potential for ${element}`);
  }
  return p;
}

function toJson(s: Structure, p: AenetPrediction) {
  const n = s.species.length;
  return {
    file: s.name,
    natoms: n,
    energy: p.totalEnergy,
    energyPerAtom: p.totalEnergy / n,
    cohesiveEnergy: p.cohesiveEnergy,
    cohesiveEnergyPerAtom: p.cohesiveEnergy / n,
    referenceEnergy: s.energy,
    atoms: s.species.map((element, i) => ({
      element,
      energy: p.atomEnergies[i] + p.freeAtomEnergies[i],
      cohesiveEnergy: p.atomEnergies[i],
      ...(p.forces ? { force: [p.forces[3 * i], p.forces[3 * i + 1], p.forces[3 * i + 2]] } : {}),
    })),
  };
}
