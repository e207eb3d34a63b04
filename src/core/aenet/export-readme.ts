/**
 * The README written beside exported aenet potentials: which files are which, and the lines that load
 * them in LAMMPS (aenet-lammps' `pair_style aenet`, one file per LAMMPS atom type in type order) and in
 * ASE (aenet's Python `ANNCalculator`, a {element: file} map). Units are aenet's: eV and Å (LAMMPS `units metal`).
 */
import type { AenetWeightSet } from './from-saved-model';

export interface ExportedSet {
  set: AenetWeightSet;
  /** element → file path relative to the export folder */
  files: Record<string, string>;
}

export interface ExportReadmeInput {
  run: string;
  kind: string;
  elements: string[];
  sets: ExportedSet[];
  notes: string[];
}

export function exportReadme(x: ExportReadmeInput): string {
  const first = x.sets[0];
  const name = (f: string) => f.slice(f.lastIndexOf('/') + 1);
  const lammpsFiles = x.elements.map((el) => name(first.files[el])).join(' ');
  const aseMap = (s: ExportedSet) => `{${x.elements.map((el) => `'${el}': '${s.files[el]}'`).join(', ')}}`;
  const roles: Record<AenetWeightSet['role'], string> = {
    network: 'the trained network',
    member: 'one member of the deep ensemble',
    mean: 'the BNN posterior-mean network (μ)',
    sample: 'one weight set drawn from the BNN posterior (θ = μ + exp(ρ)·ε)',
  };
  const lines = [
    '# aenet potentials exported by mlip-uq',
    '',
    `From run \`${x.run}\` (${x.kind}). One aenet binary \`.nn\` file per element and weight set; each holds the`,
    'Chebyshev descriptor set-up, the descriptor standardisation, the energy normalisation and the',
    'free-atom reference energies, so aenet\'s `predict.x`, LAMMPS and ASE give the energies `mlip-uq predict`',
    'gives (total energy = Σ atomic energies + Σ reference energies; eV, Å).',
    '',
    '| folder | what it is | files |',
    '|---|---|---|',
    ...x.sets.map((s) => `| \`${s.set.label}/\` | ${roles[s.set.role]} | ${x.elements.map((el) => `\`${name(s.files[el])}\``).join(', ')} |`),
    '',
    ...(x.notes.length ? ['Notes:', ...x.notes.map((n) => `- ${n}`), ''] : []),
    '## LAMMPS (aenet-lammps, `pair_style aenet`)',
    '',
    `Run from inside \`${first.set.label}/\` (or copy its files beside the input); LAMMPS atom types 1…${x.elements.length} are ${x.elements.join(', ')}:`,
    '',
    '```',
    'units metal',
    ...x.elements.map((el, i) => `# type ${i + 1} = ${el}`),
    `pair_style aenet ${lammpsFiles}`,
    'pair_coeff * *',
    '```',
    '',
    '## ASE (aenet\'s Python interface)',
    '',
    '```python',
    'from aenet.ase_calculator import ANNCalculator',
    `atoms.calc = ANNCalculator(${aseMap(first)})`,
    '```',
    '',
  ];
  if (x.sets.length > 1) {
    lines.push(
      '## A committee for uncertainty-aware MD',
      '',
      `The ${x.sets.length} weight sets form a committee: the spread of their energies and forces on a`,
      'configuration is the model\'s uncertainty there. aenet\'s library holds its potentials in module-level state (one set per process), so',
      'drive the dynamics with one set and evaluate the others in their own processes, e.g. LAMMPS `rerun`',
      'of the trajectory in each folder, or one ASE process per set:',
      '',
      '```python',
      ...x.sets.map((s) => `# ${s.set.label}: ANNCalculator(${aseMap(s)})`),
      '```',
      '',
    );
  }
  return lines.join('\n');
}
