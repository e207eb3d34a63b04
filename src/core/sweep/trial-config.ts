/**
 * A trial's config: the base as written, its relative paths made absolute (the trial's config lives in
 * OUT/trials/NNNN/, not beside the base), its output section dropped (the sweep names the run directory),
 * and each sampled value written at its field path.
 */
import { isAbsolute, resolve } from 'node:path';
import { parseFieldPath, setAtPath } from './field-path';
import type { ParamValue, SweepSpec } from './types';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

export function absolutePaths(base: Obj, baseDir: string): Obj {
  const abs = (p: unknown) => (typeof p === 'string' && !isAbsolute(p) ? resolve(baseDir, p) : p);
  const out = structuredClone(base);
  const data = out.data;
  if (isObj(data)) {
    // Every data field that names files: structure lists, given sets, the energy table, the split file.
    for (const key of ['structures', 'test_structures', 'validation_structures'] as const) {
      if (typeof data[key] === 'string') data[key] = abs(data[key]);
      else if (Array.isArray(data[key])) data[key] = (data[key] as unknown[]).map(abs);
    }
    if (isObj(data.energies) && typeof data.energies.file === 'string') data.energies.file = abs(data.energies.file);
    if (typeof data.split_file === 'string') data.split_file = abs(data.split_file);
    else if (isObj(data.split_file)) data.split_file = Object.fromEntries(Object.entries(data.split_file).map(([set, p]) => [set, abs(p)]));
  }
  const desc = out.descriptor;
  if (isObj(desc) && isObj(desc.stp_files)) desc.stp_files = Object.fromEntries(Object.entries(desc.stp_files).map(([el, p]) => [el, abs(p)]));
  return out;
}

export function trialConfig(spec: Pick<SweepSpec, 'base' | 'baseDir'>, params: Record<string, ParamValue>): Obj {
  let cfg = absolutePaths(spec.base, spec.baseDir);
  delete cfg.output;
  delete cfg.$schema;
  for (const [path, value] of Object.entries(params)) {
    const segs = parseFieldPath(path);
    if (segs) cfg = setAtPath(cfg, segs, value);
  }
  return cfg;
}
