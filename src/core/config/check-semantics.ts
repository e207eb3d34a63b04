/**
 * Checks that need the science or the data, not just the schema: structure paths that match nothing,
 * elements without a reference energy or descriptor set-up, cutoffs that contradict each other,
 * options of a method that is not selected, and values that are legal but almost surely wrong.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parseStp } from '../descriptors/setup';
import { childPointer, locate, pointerToPath, type ConfigDiagnostic, type Severity, type SourceMap } from './diagnostics';
import { formatFromName } from '../structures/inputs';
import { readEnergyTable } from '../structures/energy-table-source';
import { isLocatedError } from '../errors';
import { expandStructurePaths, readFormat } from './paths';
import { scanElements } from './scan-elements';
import type { ChebyshevOverride, MlipConfig } from './types';

export interface SemanticContext {
  /** Folder that relative paths start from: the config file's folder. */
  configDir: string;
  /** The config as written (before defaults), so checks can tell what the user set. */
  raw?: unknown;
  /** Source positions from parsing; without them every range is the file's start. */
  locations?: SourceMap;
  /** Read the structure files for their elements (default true). */
  readData?: boolean;
  /** Elements already known (e.g. cached by the language server); skips reading the data. */
  elements?: ReadonlySet<string>;
}

const CUTOFF_MIN = 1;
const CUTOFF_MAX = 12;
const LR_MAX = 0.1;

class Collector {
  readonly out: ConfigDiagnostic[] = [];
  constructor(private readonly map: SourceMap, private readonly raw: unknown) {}

  /** Whether the user wrote a value at `pointer` (not a default). */
  written(pointer: string): boolean {
    let v: unknown = this.raw;
    for (const seg of pointer.split('/').slice(1)) {
      if (typeof v !== 'object' || v === null) return false;
      v = (v as Record<string, unknown>)[seg.replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    return v !== undefined;
  }

  add(severity: Severity, code: string, pointer: string, message: string, on: 'key' | 'value' = 'value', data?: Record<string, unknown>): void {
    const loc = locate(this.map, pointer);
    const range = on === 'key' && loc.keyRange ? loc.keyRange : loc.range;
    const d: ConfigDiagnostic = { severity, source: 'semantics', code, message, path: pointerToPath(pointer), pointer, range };
    if (data) d.data = data;
    this.out.push(d);
  }
}

type StructureField = 'structures' | 'test_structures' | 'validation_structures';

function checkStructurePaths(c: Collector, config: MlipConfig, ctx: SemanticContext, field: StructureField = 'structures'): string[] {
  const entries = config.data[field];
  if (!entries) return [];
  const single = typeof (ctx.raw as { data?: Record<string, unknown> } | undefined)?.data?.[field] === 'string';
  const files: string[] = [];
  expandStructurePaths(entries, ctx.configDir, readFormat(config.data.format)).forEach((e, i) => {
    if (e.files.length === 0) {
      const pointer = single ? `/data/${field}` : `/data/${field}/${i}`;
      c.add('error', 'data-not-found', pointer, `"${e.entry}": ${e.problem ?? 'no structure files'} (relative to ${ctx.configDir})`, 'value', { entry: e.entry });
    }
    files.push(...e.files);
  });
  return files;
}

/** The reader converts extended-XYZ energies only; XSF energies are eV by definition. */
function checkUnits(c: Collector, config: MlipConfig, files: string[]): void {
  if (config.data.units === 'eV' || files.length === 0) return;
  if (config.data.energies.file !== null && !c.written('/data/energies/units')) return; // the table is in data.units
  const extxyz = files.some((f) => formatFromName(f)?.kind === 'extxyz' || (readFormat(config.data.format) === 'extxyz' && formatFromName(f)?.kind !== 'archive'));
  if (!extxyz) c.add('warning', 'no-effect', '/data/units', `units ${config.data.units} has no effect: the data are XSF, whose energies are always eV`);
}

/** data.energies: the table exists, is (or is named inside) an archive as its options say, and parses. */
function checkEnergyTable(c: Collector, config: MlipConfig, ctx: SemanticContext): void {
  const e = config.data.energies;
  if (e.file === null) {
    for (const k of ['member', 'column', 'units']) {
      if (c.written(`/data/energies/${k}`)) c.add('error', 'option-not-applicable', `/data/energies/${k}`, `energies.${k} applies only with an energies.file`, 'key');
    }
    return;
  }
  const archive = formatFromName(e.file)?.kind === 'archive';
  if (!existsSync(isAbsolute(e.file) ? e.file : resolve(ctx.configDir, e.file))) {
    c.add('error', 'file-not-found', '/data/energies/file', `energy table "${e.file}" not found (relative to ${ctx.configDir})`);
    return;
  }
  if (archive && e.member === null) {
    c.add('error', 'missing-member', '/data/energies/file', `"${e.file}" is an archive: name the table inside it with energies.member (e.g. member: hof_qm7.txt)`);
    return;
  }
  if (!archive && e.member !== null) {
    c.add('error', 'option-not-applicable', '/data/energies/member', `"${e.file}" is not an archive (.tar.gz, .tgz, .tar), so it has no members`, 'key');
    return;
  }
  if (ctx.readData === false) return;
  try {
    readEnergyTable({ file: e.file, member: e.member, column: e.column, units: e.units }, ctx.configDir);
  } catch (err) {
    if (!isLocatedError(err)) throw err;
    c.add('error', 'invalid-energy-table', e.member !== null ? '/data/energies/member' : '/data/energies/file', err.message);
  }
}

function checkStpFiles(c: Collector, config: MlipConfig, configDir: string): void {
  for (const [element, path] of Object.entries(config.descriptor.stp_files)) {
    const pointer = childPointer('/descriptor/stp_files', element);
    const p = isAbsolute(path) ? path : resolve(configDir, path);
    if (!existsSync(p)) {
      c.add('error', 'file-not-found', pointer, `.stp file "${path}" not found (relative to ${configDir})`);
      continue;
    }
    let setup;
    try {
      setup = parseStp(readFileSync(p, 'utf8'), path);
    } catch (e) {
      c.add('error', 'invalid-stp', pointer, e instanceof Error ? e.message : String(e));
      continue;
    }
    if (setup.element !== element) c.add('error', 'stp-element-mismatch', pointer, `"${path}" is the set-up of ${setup.element}, not ${element}`);
    if (setup.angularCutoff > setup.radialCutoff) {
      c.add('error', 'angular-above-radial', pointer, `"${path}": angular cutoff ${setup.angularCutoff} Å is above the radial cutoff ${setup.radialCutoff} Å`);
    }
  }
}

/**
 * Split files exist; a given set and an index file both fixing a set is refused. `format: xyz` reads extended XYZ,
 * which is said once so a plain-XYZ user knows where energies must come from.
 */
function checkGivenSets(c: Collector, config: MlipConfig, ctx: SemanticContext): void {
  const d = config.data;
  const sf = d.split_file;
  if (typeof sf === 'string') {
    // With a split.json, given test/validation files are only read: the file's names decide every set.
    if (!existsSync(isAbsolute(sf) ? sf : resolve(ctx.configDir, sf))) c.add('error', 'file-not-found', '/data/split_file', `split file "${sf}" not found (relative to ${ctx.configDir})`);
  } else {
    for (const set of ['train', 'validation', 'test'] as const) {
      const f = sf[set];
      if (f === null) continue;
      if (!existsSync(isAbsolute(f) ? f : resolve(ctx.configDir, f))) c.add('error', 'file-not-found', `/data/split_file/${set}`, `index file "${f}" not found (relative to ${ctx.configDir})`);
      const given = set === 'test' ? d.test_structures : set === 'validation' ? d.validation_structures : null;
      if (given) c.add('error', 'option-conflict', `/data/split_file/${set}`, `data.${set}_structures and data.split_file.${set} both give the ${set} set; keep one`, 'key');
    }
  }
  if (d.format === 'xyz') {
    c.add('information', 'format-note', '/data/format', 'xyz files are read as extended XYZ: each frame needs energy= (or REF_energy=, data.energy_key) on its comment line, or energies from a data.energies table');
  }
}

function checkElements(c: Collector, config: MlipConfig, elements: ReadonlySet<string>): void {
  const sorted = [...elements].sort();
  const refs = config.data.reference_energies;
  const missing = refs === 'fit' ? [] : sorted.filter((e) => !(e in refs));
  if (missing.length) {
    const pointer = c.written('/data/reference_energies') ? '/data/reference_energies' : '/data';
    c.add('error', 'missing-reference-energy', pointer, `no reference energy for ${missing.join(', ')} (present in the data)`, 'key', { missing });
  }
  // 0 eV beside real isolated-atom energies is a placeholder (the quick fix's stub), not a reference: every
  // structure's energy would keep that element's whole atomic energy. All zeros (energies already
  // relative, as QM7's atomisation energies) are a choice and pass.
  if (refs !== 'fit') {
    const given = Object.entries(refs).filter(([e]) => elements.has(e));
    const real = given.find(([, v]) => v !== 0);
    if (real) {
      for (const [e, v] of given) {
        if (v === 0) c.add('warning', 'placeholder-reference-energy', childPointer('/data/reference_energies', e), `TODO: set the isolated-atom energy of ${e} (0 eV beside ${real[0]}'s ${real[1]} eV is a placeholder), or use reference_energies: fit`);
      }
    }
  }
  const env = config.descriptor.env;
  if (env) {
    const notInEnv = sorted.filter((e) => !env.includes(e));
    if (notInEnv.length) c.add('error', 'missing-descriptor-setup', '/descriptor/env', `descriptor.env lacks ${notInEnv.join(', ')} (present in the data)`, 'value', { missing: notInEnv });
  }
  const unused = (section: string, keys: string[]) => {
    for (const k of keys) {
      if (!elements.has(k)) c.add('warning', 'element-not-in-data', childPointer(section, k), `${k} does not occur in the data`, 'key');
    }
  };
  unused('/data/reference_energies', refs === 'fit' ? [] : Object.keys(refs));
  unused('/descriptor/elements', Object.keys(config.descriptor.elements));
  unused('/descriptor/stp_files', Object.keys(config.descriptor.stp_files));
}

function checkCutoffs(c: Collector, config: MlipConfig): void {
  const d = config.descriptor;
  const blocks: Array<{ base: string; values: Required<Pick<ChebyshevOverride, 'radial_cutoff' | 'angular_cutoff'>> }> = [
    { base: '/descriptor', values: d },
    ...Object.entries(d.elements).map(([el, o]) => ({
      base: childPointer('/descriptor/elements', el),
      values: { radial_cutoff: o.radial_cutoff ?? d.radial_cutoff, angular_cutoff: o.angular_cutoff ?? d.angular_cutoff },
    })),
  ];
  for (const { base, values } of blocks) {
    const rp = `${base}/radial_cutoff`;
    const ap = `${base}/angular_cutoff`;
    if (base !== '/descriptor' && !c.written(rp) && !c.written(ap)) continue;
    if (values.angular_cutoff > values.radial_cutoff) {
      const at = c.written(ap) ? ap : c.written(rp) ? rp : base;
      c.add('error', 'angular-above-radial', at, `angular cutoff ${values.angular_cutoff} Å is above the radial cutoff ${values.radial_cutoff} Å`);
    }
    for (const p of [rp, ap]) {
      const v = p === rp ? values.radial_cutoff : values.angular_cutoff;
      if (c.written(p) && (v < CUTOFF_MIN || v > CUTOFF_MAX)) {
        c.add('warning', 'unrealistic-value', p, `a cutoff of ${v} Å is unusual (expected ${CUTOFF_MIN}–${CUTOFF_MAX} Å)`);
      }
    }
  }
}

function checkMethod(c: Collector, config: MlipConfig): void {
  const type = config.method.type;
  if (type !== 'bnn' && c.written('/method/bnn')) c.add('error', 'option-not-applicable', '/method/bnn', '`bnn` options apply only when `method.type` is `bnn`', 'key');
  if (type !== 'ensemble' && c.written('/method/ensemble')) c.add('error', 'option-not-applicable', '/method/ensemble', '`ensemble` options apply only when `method.type` is `ensemble`', 'key');
  if (config.method.type === 'ensemble' && config.method.ensemble.members < 2) {
    c.add('warning', 'unrealistic-value', c.written('/method/ensemble/members') ? '/method/ensemble/members' : '/method/type',
      `an ensemble of ${config.method.ensemble.members} member gives no uncertainty (σ = 0); use at least 2`);
  }
}

function checkTraining(c: Collector, config: MlipConfig): void {
  const t = config.training;
  if (t.learning_rate > LR_MAX) c.add('warning', 'unrealistic-value', '/training/learning_rate', `a learning rate of ${t.learning_rate} is very high (above ${LR_MAX}); training will likely diverge`);
  const s = config.data.split;
  // Given sets (files, a split file) take no share: the fractions of the other sets are used as ratios.
  const fixed = fixedSets(config);
  for (const set of ['validation', 'test'] as const) {
    if (fixed.has(set) && c.written(`/data/split/${set}`)) c.add('information', 'no-effect', `/data/split/${set}`, `split.${set} has no effect: the ${set} set is given`, 'key');
  }
  const sum = s.train + s.validation + s.test;
  if (fixed.size === 0 && Math.abs(sum - 1) > 1e-9) {
    const at = c.written('/data/split') ? '/data/split' : '/data';
    c.add('error', 'split-sum', at, `split fractions add up to ${+sum.toFixed(6)}, not 1`, 'key');
  }
  const limit = config.data.limit;
  if (limit !== null) {
    // The split rounds per set; below one expected structure a set is likely empty.
    for (const set of ['validation', 'test'] as const) {
      if (s[set] > 0 && limit * s[set] < 1) {
        c.add('warning', 'empty-split', '/data/limit', `with limit ${limit}, the ${set} set (${s[set]} of the structures) holds less than one structure`);
      }
    }
  }
  if (t.force_weight === 0 && c.written('/training/force_fraction')) {
    c.add('information', 'no-effect', '/training/force_fraction', 'force_fraction has no effect while force_weight is 0 (energy-only training)', 'key');
  }
}

/** The sets a config fixes in advance: given files, index files, or (a split.json) all three. */
function fixedSets(config: MlipConfig): Set<'train' | 'validation' | 'test'> {
  const d = config.data;
  if (typeof d.split_file === 'string') return new Set(['train', 'validation', 'test']);
  const out = new Set<'train' | 'validation' | 'test'>();
  for (const set of ['train', 'validation', 'test'] as const) if (d.split_file[set] !== null) out.add(set);
  if (d.test_structures) out.add('test');
  if (d.validation_structures) out.add('validation');
  return out;
}

/** Never throws for bad input: every problem is a diagnostic. */
export function checkSemantics(config: MlipConfig, ctx: SemanticContext): ConfigDiagnostic[] {
  const c = new Collector(ctx.locations ?? new Map(), ctx.raw ?? config);
  const files = checkStructurePaths(c, config, ctx);
  const given = [...checkStructurePaths(c, config, ctx, 'test_structures'), ...checkStructurePaths(c, config, ctx, 'validation_structures')];
  checkGivenSets(c, config, ctx);
  checkStpFiles(c, config, ctx.configDir);
  checkUnits(c, config, [...files, ...given]);
  checkEnergyTable(c, config, ctx);
  const elements = ctx.elements ?? (ctx.readData === false || files.length === 0 ? null : scanElements([...files, ...given]));
  if (elements && elements.size) checkElements(c, config, elements);
  checkCutoffs(c, config);
  checkMethod(c, config);
  checkTraining(c, config);
  return c.out;
}
