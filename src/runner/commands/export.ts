/**
 * `mlip-uq export --run RUN_DIR --format aenet --out DIR [--samples N] [--seed S]`: the run's trained model
 * as aenet binary `.nn` potentials, one folder per weight set (the network; every ensemble member; the BNN
 * posterior mean and N sampled weight sets), a README with the LAMMPS and ASE lines, and aenet-export.json
 * listing the files. The mapping of our model onto aenet's fields is src/core/aenet/from-saved-model.ts.
 */
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../../core/atomic-write';
import { LocatedError } from '../../core/errors';
import { decodeModel } from '../../core/models/saved-model';
import { aenetExportFromModel, aenetFileName } from '../../core/aenet/from-saved-model';
import { encodeAenetPotential } from '../../core/aenet/write-potential';
import { exportReadme, type ExportedSet } from '../../core/aenet/export-readme';
import { RUN_FILES } from '../../protocol/run-dir';
import { ArgError, parseArgs } from '../args';
import type { Command } from './command';
import { processOutput, type CommandOutput } from './command-output';

const FORMATS = ['aenet'] as const;
export const EXPORT_MANIFEST = 'aenet-export.json';

const USAGE = `usage: mlip-uq export --run RUN_DIR --format aenet --out DIR [--samples N] [--seed S] [--json]

  --run RUN_DIR   a run directory written by "mlip-uq train" (reads its model.json)
  --format aenet  aenet binary .nn potentials (aenet's predict.x, LAMMPS pair_style aenet, ASE)
  --out DIR       folder to write: one sub-folder per weight set (network/, member-N/, mean/,
                  sample-N/) with EL.<layers>.nn per element, README.md and ${EXPORT_MANIFEST}
  --samples N     BNN only: also write N weight sets drawn from the posterior (default 0)
  --seed S        seed of the drawn weight sets (default: the run's seed)
  --json          print the manifest instead of a summary`;

export interface ExportManifest {
  format: 'aenet';
  run: string;
  kind: string;
  elements: string[];
  sets: { label: string; role: string; files: Record<string, string> }[];
  maxInputScaleError: number;
  notes: string[];
}

export async function runExport(args: string[], io: CommandOutput = processOutput): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) { io.out(`${USAGE}\n`); return 0; }
  let parsed;
  try {
    parsed = parseArgs(args, { values: ['run', 'format', 'out', 'samples', 'seed'], flags: ['json'] });
  } catch (e) {
    if (!(e instanceof ArgError)) throw e;
    io.err(`mlip-uq export: ${e.message}\n${USAGE}\n`);
    return 2;
  }
  const missing = ['run', 'format', 'out'].filter((k) => parsed.values[k] === undefined);
  if (missing.length || parsed.positionals.length) {
    io.err(`mlip-uq export: ${missing.length ? `missing ${missing.map((m) => `--${m}`).join(', ')}` : `unexpected argument "${parsed.positionals[0]}"`}\n${USAGE}\n`);
    return 2;
  }
  const format = parsed.values.format;
  if (!(FORMATS as readonly string[]).includes(format)) throw new LocatedError(`unknown export format "${format}"`, { field: '--format' }, FORMATS.join(', '));
  const samples = parsed.values.samples === undefined ? 0 : Number(parsed.values.samples);
  if (!Number.isInteger(samples) || samples < 0) throw new LocatedError(`bad --samples ${parsed.values.samples}`, { field: '--samples' }, 'a non-negative integer');
  const seed = parsed.values.seed === undefined ? undefined : Number(parsed.values.seed);
  if (seed !== undefined && !Number.isInteger(seed)) throw new LocatedError(`bad --seed ${parsed.values.seed}`, { field: '--seed' }, 'an integer');

  const manifest = exportAenet(parsed.values.run, parsed.values.out, { samples, seed });
  if (parsed.flags.has('json')) {
    io.out(`${JSON.stringify(manifest, null, 2)}\n`);
  } else {
    const files = manifest.sets.reduce((n, s) => n + Object.keys(s.files).length, 0);
    io.out(`exported ${manifest.kind} model of ${manifest.run}: ${manifest.sets.length} weight set${manifest.sets.length > 1 ? 's' : ''}, ${files} aenet .nn files in ${parsed.values.out}\n`);
    for (const s of manifest.sets) io.out(`  ${s.label.padEnd(12)} ${Object.values(s.files).join('  ')}\n`);
    for (const n of manifest.notes) io.out(`note: ${n}\n`);
    io.out(`usage in LAMMPS and ASE: ${join(parsed.values.out, 'README.md')}\n`);
  }
  return 0;
}

/** Writes the export of run `runDir` into `outDir`; returns its manifest. */
export function exportAenet(runDir: string, outDir: string, o: { samples?: number; seed?: number } = {}): ExportManifest {
  const modelFile = join(runDir, RUN_FILES.model);
  let text: string;
  try {
    text = readFileSync(modelFile, 'utf8');
  } catch {
    throw new LocatedError('no trained model in the run directory', { file: modelFile, field: '--run' }, 'the directory of a finished "mlip-uq train" run');
  }
  const saved = decodeModel(text, modelFile);
  const result = aenetExportFromModel(saved, { modelFile, source: `mlip-uq run ${resolve(runDir)}`, samples: o.samples, seed: o.seed });
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) throw new LocatedError('is not a folder', { file: outDir, field: '--out' }, 'a folder to write the potentials into');
  const written: ExportedSet[] = [];
  for (const set of result.sets) {
    mkdirSync(join(outDir, set.label), { recursive: true });
    const files: Record<string, string> = {};
    for (const p of set.potentials) {
      const rel = `${set.label}/${aenetFileName(p.element, saved.spec.hidden, saved.spec.activation)}`;
      writeFileAtomic(join(outDir, rel), encodeAenetPotential(p.contents));
      files[p.element] = rel;
    }
    written.push({ set, files });
  }
  const manifest: ExportManifest = {
    format: 'aenet', run: resolve(runDir), kind: saved.spec.kind, elements: [...saved.spec.elements],
    sets: written.map((w) => ({ label: w.set.label, role: w.set.role, files: w.files })),
    maxInputScaleError: result.maxInputScaleError, notes: result.notes,
  };
  writeFileAtomic(join(outDir, 'README.md'), exportReadme({ run: resolve(runDir), kind: saved.spec.kind, elements: saved.spec.elements, sets: written, notes: result.notes }));
  writeFileAtomic(join(outDir, EXPORT_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

const exportCommand: Command = { run: (args) => runExport(args) };

export default exportCommand;
