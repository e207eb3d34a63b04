/**
 * The learning-curve bench's stored seeds (test/bench/results/learning-curve-points.json): one entry per
 * finished (method, seed) curve, written as soon as that seed's three strategies are done, so a killed or
 * time-limited run keeps its finished seeds and later invocations add seeds instead of starting over. An
 * entry counts for a report only when its settings (what defines a curve: data, sizes, rounds, epochs, the
 * model's configuration) equal the invocation's; the code commit, wall time and load are recorded, not
 * matched (they describe a run, they do not change what it measures).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export const CURVE_METHODS = ['ensemble', 'lrt'] as const;
export type CurveMethod = typeof CURVE_METHODS[number];

/** One round of one strategy: after training on `labels` structures. */
export interface CurvePoint {
  labels: number;
  /** test energy RMSE, eV/atom */
  rmse: number;
  /** test MACE of the recalibrated σ (raw when the run has no recalibration) */
  mace: number;
  /** wall time of the round's training and evaluation */
  seconds: number;
}

/** What makes two seeds' curves comparable; every field is matched. */
export interface CurveSettings {
  /** the data set's file name */
  data: string;
  start: number;
  step: number;
  test: number;
  validation: number;
  rounds: number;
  epochs: number;
  /** the run configuration apart from data paths, with the seed as the placeholder SEED */
  model: string;
  /** eV/atom: structures with a higher cohesive energy per atom were left out (aenet's MAXENERGY; absent: none were) */
  maxEnergy?: number;
}

export interface SeedCurve {
  method: CurveMethod;
  seed: number;
  settings: CurveSettings;
  /** `git rev-parse --short HEAD`, with "-dirty" when the bench or src/ had uncommitted changes */
  commit: string;
  /** ISO time the seed finished */
  finished: string;
  /** wall time of the seed's three curves */
  minutes: number;
  cores: number;
  /** 1-minute load average at the seed's start, and mean and max over its rounds */
  load: { start: number; mean: number; max: number };
  /** per strategy, per round */
  strategies: Record<string, CurvePoint[]>;
}

export interface PointsFile {
  about: string;
  curves: SeedCurve[];
}

const ABOUT = 'learning-curve bench (test/bench/learning-curve.bench.ts): one entry per finished (method, seed); rmse in eV/atom; reports use the entries whose settings equal the run\'s';

export function readPoints(file: string): PointsFile {
  if (!existsSync(file)) return { about: ABOUT, curves: [] };
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as PointsFile;
  if (!Array.isArray(parsed.curves)) throw new Error(`${file}: no "curves" list`);
  return { about: ABOUT, curves: parsed.curves };
}

/** Written to a temporary file and renamed, so a run killed while writing leaves the previous file whole. */
export function writePoints(file: string, points: PointsFile): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  // One line per round (labels, rmse, mace, seconds), so the file stays short and its diffs readable.
  const text = JSON.stringify(points, null, 1).replace(/\{\n\s*("labels"[^{}]*?)\n\s*\}/g, (_, body: string) => `{ ${body.replace(/,\n\s*/g, ', ')} }`);
  writeFileSync(tmp, `${text}\n`);
  renameSync(tmp, file);
}

export function sameSettings(a: CurveSettings, b: CurveSettings): boolean {
  const keys = Object.keys(a) as (keyof CurveSettings)[];
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/** The stored curves of `method` with exactly these settings, by seed. */
export function matchingCurves(points: PointsFile, method: CurveMethod, settings: CurveSettings): SeedCurve[] {
  return points.curves.filter((c) => c.method === method && sameSettings(c.settings, settings)).sort((a, b) => a.seed - b.seed);
}

/** Adds `curve`, replacing a stored one of the same method, seed and settings; entries stay sorted (stable diffs). */
export function upsertCurve(points: PointsFile, curve: SeedCurve): PointsFile {
  const kept = points.curves.filter((c) => !(c.method === curve.method && c.seed === curve.seed && sameSettings(c.settings, curve.settings)));
  const curves = [...kept, curve].sort((a, b) => CURVE_METHODS.indexOf(a.method) - CURVE_METHODS.indexOf(b.method) || a.seed - b.seed || a.finished.localeCompare(b.finished));
  return { about: points.about, curves };
}
