/**
 * A `*.sweep.yaml` file: parsed with the config's YAML/JSON reader (positions kept), checked against
 * schemas/mlip-sweep.schema.json, then the checks a schema cannot make (every space path names a config
 * field, ranges are ordered, log ranges positive, the base config exists and is valid), all as located
 * diagnostics; with no error, the spec with every default applied.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import {
  CONFIG_SCHEMA, childPointer, formatDiagnostic, hasErrors, loadConfigFile, locate, parseConfigText, pointerToPath,
  toLocatedError, validateConfig, type ConfigDiagnostic, type ParsedConfig, type SourceMap,
} from '../config';
import { suggest } from '../config/suggest';
import { LocatedError } from '../errors';
import { isIntegerField, lookupField, parseFieldPath } from './field-path';
import { sweepValidator } from './sweep-schema';
import type { Distribution, ParamValue, SearchParam, SlurmOptions, SweepSpec } from './types';

export interface SweepFileOptions {
  /** Load and validate a base config given by path (default true; the editor passes false while typing). */
  readBase?: boolean;
}

export interface LoadedSweep {
  parsed: ParsedConfig;
  spec: SweepSpec | null;
  diagnostics: ConfigDiagnostic[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

function diag(locations: SourceMap, pointer: string, code: string, message: string, onKey = false, expected?: string): ConfigDiagnostic {
  const at = locate(locations, pointer);
  const d: ConfigDiagnostic = { severity: 'error', source: 'semantics', code, message, path: pointerToPath(pointer), pointer, range: (onKey ? at.keyRange : undefined) ?? at.range };
  if (expected) d.expected = expected;
  return d;
}

/** The part of a source map under `prefix`, re-rooted (an inline base config checked as a config of its own). */
function subMap(map: SourceMap, prefix: string): SourceMap {
  const out: SourceMap = new Map();
  for (const [p, loc] of map) if (p === prefix || p.startsWith(prefix + '/')) out.set(p.slice(prefix.length), loc);
  return out;
}

function distributionOf(raw: Obj, integer: boolean): Distribution {
  const steps = typeof raw.steps === 'number' ? raw.steps : 3;
  if (Array.isArray(raw.choice)) return { kind: 'choice', values: raw.choice as ParamValue[] };
  if (Array.isArray(raw.int)) return { kind: 'int', lo: Number(raw.int[0]), hi: Number(raw.int[1]), steps };
  if (Array.isArray(raw.log_uniform)) return { kind: 'log_uniform', lo: Number(raw.log_uniform[0]), hi: Number(raw.log_uniform[1]), steps, integer };
  const u = raw.uniform as number[];
  return { kind: 'uniform', lo: Number(u[0]), hi: Number(u[1]), steps, integer };
}

const KINDS = ['choice', 'uniform', 'log_uniform', 'int'] as const;

function checkSpace(space: Obj, locations: SourceMap, out: ConfigDiagnostic[]): SearchParam[] {
  const params: SearchParam[] = [];
  for (const [path, raw] of Object.entries(space)) {
    const ptr = childPointer('/space', path);
    const segs = parseFieldPath(path);
    if (!segs || !isObj(raw)) continue; // the schema reported it
    const found = lookupField(CONFIG_SCHEMA, segs);
    if (found.missingAt) {
      const bad = String(segs[found.missingAt.index]);
      const hint = suggest(bad, found.missingAt.known);
      out.push(diag(locations, ptr, 'unknown-field', `"${path}" is not a config field ("${bad}" unknown${hint.length ? `; did you mean "${hint[0]}"?` : ''})`, true,
        found.missingAt.known.length ? `one of ${found.missingAt.known.join(', ')}` : undefined));
      continue;
    }
    const kinds = KINDS.filter((k) => k in raw);
    if (kinds.length !== 1) {
      out.push(diag(locations, ptr, 'invalid-distribution', `${path}: give exactly one of choice, uniform, log_uniform, int${kinds.length ? ` (found ${kinds.join(', ')})` : ''}`, true));
      continue;
    }
    const kind = kinds[0];
    const bounds = raw[kind] as unknown[];
    if (kind !== 'choice') {
      const [lo, hi] = bounds as number[];
      if (!(lo < hi)) { out.push(diag(locations, childPointer(ptr, kind), 'invalid-range', `${path}: the lower bound ${lo} must be below the upper bound ${hi}`)); continue; }
      if (kind === 'log_uniform' && !(lo > 0)) { out.push(diag(locations, childPointer(ptr, kind), 'invalid-range', `${path}: a log-uniform range needs bounds > 0, got ${lo}`)); continue; }
    } else if ('steps' in raw) {
      out.push(diag(locations, childPointer(ptr, 'steps'), 'steps-not-applicable', `${path}: steps applies to continuous ranges, not to a choice`, true));
    }
    params.push({ path, dist: distributionOf(raw, isIntegerField(found.schemas)) });
  }
  return params;
}

function checkBase(value: Obj, file: string, locations: SourceMap, o: SweepFileOptions, out: ConfigDiagnostic[]): { base: Obj; baseDir: string; baseFile: string | null } | null {
  const dir = dirname(resolve(file));
  if (typeof value.base === 'string') {
    const baseFile = isAbsolute(value.base) ? value.base : resolve(dir, value.base);
    if (o.readBase === false) return existsSync(baseFile) ? { base: {}, baseDir: dirname(baseFile), baseFile } : (out.push(diag(locations, '/base', 'base-not-found', `base config not found: ${baseFile}`)), null);
    const loaded = loadConfigFile(baseFile, { semantics: true });
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length) {
      const first = errors[0].code === 'file-unreadable' ? `base config: ${errors[0].message} (${baseFile})` : `base config is invalid: ${formatDiagnostic(errors[0], baseFile)}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`;
      out.push(diag(locations, '/base', errors[0].code === 'file-unreadable' ? 'base-not-found' : 'base-invalid', first));
      return null;
    }
    return { base: (loaded.parsed.value ?? {}) as Obj, baseDir: dirname(baseFile), baseFile };
  }
  if (!isObj(value.base)) return null;
  // An inline base: the config's own schema check, located in this file.
  const sub: ParsedConfig = { file, format: 'yaml', text: '', value: value.base, locations: subMap(locations, '/base'), diagnostics: [] };
  for (const d of validateConfig(sub)) {
    const pointer = `/base${d.pointer}`;
    out.push({ ...d, pointer, path: pointerToPath(pointer) });
  }
  return { base: value.base, baseDir: dir, baseFile: null };
}

function specOf(value: Obj, file: string, space: SearchParam[], base: { base: Obj; baseDir: string; baseFile: string | null }): SweepSpec {
  const pr = value.pruning as Obj | null | undefined;
  const budget = (value.budget ?? {}) as Obj;
  const ex = (value.executor ?? {}) as Obj;
  const sl = (ex.slurm ?? {}) as Obj;
  return {
    file: resolve(file), ...base, space,
    strategy: (value.strategy as SweepSpec['strategy']) ?? 'tpe',
    startupTrials: (value.startup_trials as number) ?? 10,
    seed: (value.seed as number) ?? 1234,
    objective: (value.objective as SweepSpec['objective']) ?? 'val_energy_rmse',
    pruning: pr ? {
      metric: (pr.metric as SweepSpec['objective']) ?? (value.objective as SweepSpec['objective']) ?? 'val_energy_rmse',
      patience: (pr.patience as number) ?? 2, warmupEpochs: (pr.warmup_epochs as number) ?? 0, every: (pr.every as number) ?? 1,
      startupTrials: (pr.startup_trials as number) ?? 3, minDelta: (pr.min_delta as number) ?? 0,
    } : null,
    budget: { trials: (budget.trials as number) ?? 20, minutes: (budget.minutes as number | null) ?? null },
    executor: {
      type: (ex.type as 'local' | 'slurm') ?? 'local', parallel: (ex.parallel as number | null) ?? null, threads: (ex.threads as number | null) ?? null,
      slurm: slurmOptionsOf(sl),
    },
  };
}

/** An `executor.slurm` block (snake_case, as the sweep file writes it) with its defaults; also what `train --members-as-jobs` builds from its flags. */
export function slurmOptionsOf(sl: Obj): SlurmOptions {
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    partition: str(sl.partition), account: str(sl.account), time: str(sl.time), memory: str(sl.memory),
    cpusPerTask: (sl.cpus_per_task as number) ?? 1, extraArgs: (sl.extra_args as string[]) ?? [],
    maxRetries: (sl.max_retries as number) ?? 2, pollSeconds: (sl.poll_seconds as number) ?? 5, node: str(sl.node),
  };
}

export function diagnoseSweepText(text: string, file: string, o: SweepFileOptions = {}): LoadedSweep {
  const parsed = parseConfigText(text, file);
  const out: ConfigDiagnostic[] = [...parsed.diagnostics];
  const schema = validateConfig(parsed, { partial: hasErrors(out), validator: sweepValidator() })
    .map((d) => (d.code === 'empty-config' ? { ...d, message: 'the sweep file is empty', expected: 'a mapping with "base" and "space"' } : d));
  out.push(...schema);
  const value = parsed.value;
  let spec: SweepSpec | null = null;
  if (isObj(value) && !hasErrors(out)) {
    const space = checkSpace(value.space as Obj, parsed.locations, out);
    const base = checkBase(value, file, parsed.locations, o, out);
    if (base && !hasErrors(out)) spec = specOf(value, file, space, base);
  } else if (isObj(value) && isObj(value.space)) {
    checkSpace(value.space, parsed.locations, out); // still worth saying in the editor
  }
  return { parsed, spec, diagnostics: out };
}

/** For the CLI: the spec, or a LocatedError at the first problem (all of them listed when several). */
export function loadSweepOrThrow(text: string, file: string): SweepSpec {
  const r = diagnoseSweepText(text, file);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (!r.spec || errors.length) {
    const err = errors[0] ? toLocatedError(errors[0], file) : new LocatedError('sweep file could not be read', { file });
    if (errors.length > 1) err.message = errors.map((d) => formatDiagnostic(d, file)).join('\n');
    throw err;
  }
  return r.spec;
}

