/**
 * The arguments of `mlip-uq paper`, checked and resolved: data paths (default: the shipped TiO2 archive
 * with its reference energies), methods, regimes, subset fraction, budget, epochs, output folder.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ArgError, parseArgs } from '../args';
import { PAPER_METHODS, PAPER_REGIMES, TIO2_REFERENCE_ENERGIES, type PaperMethod, type PaperRegime } from './paper-values';

export interface PaperOptions {
  data: string[];
  referenceEnergies: Record<string, number>;
  /** True when the shipped TiO2 archive is used (aenet's Ti, O environment order). */
  tio2Default: boolean;
  methods: PaperMethod[];
  regimes: PaperRegime[];
  subsetFraction: number;
  budgetMinutes: number | null;
  epochs: number | null;
  members: number;
  limit: number | null;
  seed: number;
  out: string;
  forces: boolean;
}

const SPEC = {
  values: ['methods', 'regimes', 'subset-fraction', 'budget-minutes', 'epochs', 'out', 'members', 'limit', 'seed'],
  repeatable: ['data', 'reference-energy'],
  flags: ['forces'],
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

export function parsePaperOptions(args: string[], cwd = process.cwd(), now = new Date()): PaperOptions {
  const p = parseArgs(args, SPEC);
  if (p.positionals.length) throw new ArgError(`unexpected argument ${p.positionals[0]} (structure files go after --data)`);
  const given = (p.lists.data ?? []).map((d) => resolve(cwd, d));
  const archive = defaultTio2Archive();
  let data = given;
  let refs = referenceEnergies(p.lists['reference-energy'] ?? []);
  const tio2Default = given.length === 0 || (archive !== null && given.length === 1 && given[0] === archive);
  if (given.length === 0) {
    if (!archive) throw new ArgError('no --data given and the shipped TiO2 archive (examples/data/tio2-1000-xsf.tar.gz) is not found');
    data = [archive];
  }
  if (tio2Default && Object.keys(refs).length === 0) refs = { ...TIO2_REFERENCE_ENERGIES };
  if (Object.keys(refs).length === 0) throw new ArgError('give --reference-energy ELEMENT=eV for every element of the data (the cohesive energy needs them)');
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  return {
    data, referenceEnergies: refs, tio2Default,
    methods: list(p.values.methods, PAPER_METHODS, 'methods'),
    regimes: list(p.values.regimes, PAPER_REGIMES, 'regimes'),
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
    out: resolve(cwd, p.values.out ?? `paper-${stamp}`),
    forces: p.flags.has('forces'),
  };
}
