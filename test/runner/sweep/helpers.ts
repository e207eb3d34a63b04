/** A tiny TiO2 base config and sweep file for the sweep tests, and the CLI they run. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SweepState } from '../../../src/core/sweep';
import { ensureBundles, REPO } from '../../helpers/bundle';
import { writeTinyTio2Config } from '../../helpers/tiny-tio2-config';
import { readFileSync } from 'node:fs';

export const CLI = join(REPO, 'dist', 'cli.js');
export const ensureCli = () => ensureBundles({ outputs: [CLI], sources: [join(REPO, 'src'), join(REPO, 'schemas')], stdio: 'pipe' });

/** Deterministic 20-structure base: every trial starts from the same weights (seed 1), so only the sampled values differ. */
export function writeBase(dir: string, epochs: number): string {
  return writeTinyTio2Config(join(dir, 'base.mlip.yaml'), { limit: 20, body: `method: { type: deterministic }
training: { epochs: ${epochs}, batch_size: 8, backend: cpu, learning_rate: 0.01, early_stopping: { patience: null } }
evaluation: { calibration_every: 0 }` });
}

export function writeSweep(dir: string, body: string): string {
  const file = join(dir, 'tiny.sweep.yaml');
  writeFileSync(file, `base: base.mlip.yaml\n${body}`);
  return file;
}

export const readState = (out: string) => JSON.parse(readFileSync(join(out, 'sweep-state.json'), 'utf8')) as SweepState;
