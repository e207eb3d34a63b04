/**
 * The arguments of `mlip-uq paper`, checked and resolved: data paths (default: the shipped TiO2 archive
 * with its reference energies), methods, regimes, subset fraction, budget, epochs, output folder.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { ReferenceEnergiesConfig } from '../../core/config/types';
import { ArgError, parseArgs } from '../args';
import { readDataConfig, type DataBlocks } from './paper-data-config';
import { PAPER_STUDIES, STUDIES, type PaperStudy } from './paper-study';
import { PAPER_SEEDS } from './paper-study-numbers';
import { parseTuned, type TunedOverrides } from './paper-tuned';
import { PAPER_METHODS, PAPER_REGIMES, TIO2_REFERENCE_ENERGIES, type PaperMethod, type PaperRegime } from './paper-values';

export interface PaperOptions {
  data: string[];
  /** Data and descriptor taken from a user's config (--data-config), or null for --data and the TiO2 descriptor. */
  dataConfig: DataBlocks | null;
  /** Which of the paper's studies the table compares with (default: tio2, or tio2-forces with --forces). */
  study: PaperStudy;
  /** eV per element, or `fit` (wholly or per element) when --data-config asks for it. */
  referenceEnergies: ReferenceEnergiesConfig;
  /** True when the shipped TiO2 archive is used (aenet's Ti, O environment order). */
  tio2Default: boolean;
  methods: PaperMethod[];
  regimes: PaperRegime[];
  subsetFraction: number;
  budgetMinutes: number | null;
  epochs: number | null;
  members: number;
  limit: number | null;
  /** Seed of the split and subset draw (the same test set for every run). */
  seed: number;
  /** Training seeds: one run per seed per (method, regime); [seed] unless --seeds is given. */
  seeds: number[];
  /** Exact train/validation/test counts (e.g. the paper's 6,331 / 704 / 780), or null for 80/10/10. */
  splitSizes: [number, number, number] | null;
  /** Runs trained at the same time, each in its own process (default: every core; 1: one after the other, in this process). */
  parallel: number;
  out: string;
  forces: boolean;
  /** Continue the study in `out`: finished runs are kept, interrupted ones continue from their checkpoints. */
  resume: boolean;
  /** Per method, hyper-parameters from a config (--tuned METHOD=CONFIG) instead of the paper's TiO2 values. */
  tuned: TunedOverrides;
}

const SPEC = {
  values: ['methods', 'regimes', 'subset-fraction', 'budget-minutes', 'epochs', 'out', 'members', 'limit', 'seed', 'seeds', 'split-sizes', 'parallel', 'study', 'data-config'],
  repeatable: ['data', 'reference-energy', 'tuned'],
  flags: ['forces', 'resume'],
};

/** The shipped archive, found from the bundle (dist/) or the sources (src/runner/paper/). */
export function defaultTio2Archive(from = __dirname): string | null {
  for (let dir = from, i = 0; i < 6; i++, dir = dirname(dir)) {
    const p = join(dir, 'examples', 'data', 'tio2-1000-xsf.tar.gz');
    if (existsSync(p)) return p;
  }
  return null;
}

function list<T extends string>(text: string | undefined, known: readonly T[], option: string): T[] {
  if (text === undefined) return [...known];
  const items = text.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const bad = items.filter((s) => !known.includes(s as T));
  if (bad.length || !items.length) throw new ArgError(`--${option}: unknown ${bad.join(', ') || '(empty list)'}; expected a comma-separated list of ${known.join(', ')}`);
  return [...new Set(items)] as T[];
}

function positive(text: string | undefined, option: string, integer: boolean, max = Infinity): number | null {
  if (text === undefined) return null;
  const x = Number(text);
  if (!Number.isFinite(x) || x <= 0 || x > max || (integer && !Number.isInteger(x))) {
    throw new ArgError(`--${option} ${text}: expected a ${integer ? 'positive integer' : 'positive number'}${max < Infinity ? ` up to ${max}` : ''}`);
  }
  return x;
}

function referenceEnergies(items: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) {
    const m = /^([A-Z][a-z]?)=(.+)$/.exec(item.trim());
    const v = m ? Number(m[2]) : NaN;
    if (!m || !Number.isFinite(v)) throw new ArgError(`--reference-energy ${item}: expected ELEMENT=eV, e.g. Ti=-1604.6045`);
    out[m[1]] = v;
  }
  return out;
}

/** `--seeds 3` takes the paper's first three seeds; `--seeds 7,8` names them. */
function seedList(text: string | undefined, fallback: number): number[] {
  if (text === undefined) return [fallback];
  const t = text.trim();
  if (/^\d+$/.test(t) && !t.includes(',')) {
    const n = Number(t);
    if (n < 1 || n > PAPER_SEEDS.length) throw new ArgError(`--seeds ${text}: a count from 1 to ${PAPER_SEEDS.length} takes the paper's seeds (${PAPER_SEEDS.join(', ')}); name more as a list, e.g. --seeds 1,2,3,4,5,6`);
    return PAPER_SEEDS.slice(0, n);
  }
  const seeds = t.split(',').map((x) => x.trim());
  if (!seeds.length || seeds.some((x) => !/^\d+$/.test(x))) throw new ArgError(`--seeds ${text}: expected a count or a comma-separated list of non-negative integers`);
  return [...new Set(seeds.map(Number))];
}

function splitSizes(text: string | undefined): [number, number, number] | null {
  if (text === undefined) return null;
  const v = text.split(',').map((x) => Number(x.trim()));
  if (v.length !== 3 || v.some((x) => !Number.isInteger(x) || x < 0) || v[0] < 1) {
    throw new ArgError(`--split-sizes ${text}: expected TRAIN,VALIDATION,TEST structure counts, e.g. 6331,704,780`);
  }
  return [v[0], v[1], v[2]];
}

export function parsePaperOptions(args: string[], cwd = process.cwd(), now = new Date()): PaperOptions {
  const p = parseArgs(args, SPEC);
  if (p.positionals.length) throw new ArgError(`unexpected argument ${p.positionals[0]} (structure files go after --data)`);
  const dataConfigFile = p.values['data-config'];
  if (dataConfigFile !== undefined && (p.lists.data || p.lists['reference-energy'])) {
    throw new ArgError('--data-config brings the data and its reference energies: give it alone, without --data or --reference-energy');
  }
  const dataConfig = dataConfigFile !== undefined ? readDataConfig(resolve(cwd, dataConfigFile)) : null;
  const given = dataConfig ? (dataConfig.data.structures as string[]) : (p.lists.data ?? []).map((d) => resolve(cwd, d));
  const archive = defaultTio2Archive();
  let data = given;
  let refs: ReferenceEnergiesConfig = dataConfig ? (dataConfig.data.reference_energies as ReferenceEnergiesConfig) : referenceEnergies(p.lists['reference-energy'] ?? []);
  const none = typeof refs !== 'string' && Object.keys(refs).length === 0;
  const tio2Default = given.length === 0 || (archive !== null && given.length === 1 && given[0] === archive);
  if (given.length === 0) {
    if (!archive) throw new ArgError('no --data given and the shipped TiO2 archive (examples/data/tio2-1000-xsf.tar.gz) is not found');
    data = [archive];
  }
  if (tio2Default && none) refs = { ...TIO2_REFERENCE_ENERGIES };
  else if (none) throw new ArgError('give --reference-energy ELEMENT=eV for every element of the data (the cohesive energy needs them)');
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const studyText = p.values.study;
  if (studyText !== undefined && !PAPER_STUDIES.includes(studyText as PaperStudy)) throw new ArgError(`--study ${studyText}: expected one of ${PAPER_STUDIES.join(', ')}`);
  const study: PaperStudy = (studyText as PaperStudy | undefined) ?? (p.flags.has('forces') ? 'tio2-forces' : 'tio2');
  // A named study brings its own methods and regimes unless they are given.
  const spec = studyText !== undefined ? STUDIES[study] : null;
  const o: PaperOptions = {
    data, dataConfig, study, referenceEnergies: refs, tio2Default,
    methods: p.values.methods === undefined && spec ? [...spec.methods] : list(p.values.methods, PAPER_METHODS, 'methods'),
    regimes: p.values.regimes === undefined && spec ? [...spec.regimes] : list(p.values.regimes, PAPER_REGIMES, 'regimes'),
    subsetFraction: positive(p.values['subset-fraction'], 'subset-fraction', false, 0.99) ?? 0.2,
    budgetMinutes: positive(p.values['budget-minutes'], 'budget-minutes', false),
    epochs: positive(p.values.epochs, 'epochs', true),
    members: positive(p.values.members, 'members', true, 100) ?? 10,
    limit: positive(p.values.limit, 'limit', true),
    seed: p.values.seed === undefined ? 1 : (() => {
      const s = Number(p.values.seed);
      if (!Number.isInteger(s) || s < 0) throw new ArgError(`--seed ${p.values.seed}: expected a non-negative integer`);
      return s;
    })(),
    seeds: [],
    splitSizes: splitSizes(p.values['split-sizes']),
    parallel: positive(p.values.parallel, 'parallel', true, 64) ?? availableParallelism(),
    out: resolve(cwd, p.values.out ?? `paper-${stamp}`),
    forces: p.flags.has('forces') || (spec?.forces ?? false),
    resume: p.flags.has('resume'),
    tuned: parseTuned(p.lists.tuned ?? [], cwd),
  };
  o.seeds = seedList(p.values.seeds, o.seed);
  return o;
}

