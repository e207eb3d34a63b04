/**
 * A report's per-structure predictions as columns (typed arrays), so a report with 100,000+
 * structures is scanned without allocating an object per structure per figure; figures then pick a
 * bounded sample of indices to draw. Also decoding of the compact base64 float encoding. Pure, no DOM.
 */
import { SET_NAMES, type NumberArray, type SetName, type UqReport } from '../../src/protocol/report';

export function decodeNumbers(a: NumberArray | undefined): ArrayLike<number> {
  if (!a) return [];
  if (Array.isArray(a)) return a;
  const bin = atob(a.data);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return a.encoding === 'base64-float64-le'
    ? new Float64Array(bytes.buffer, 0, Math.min(a.length, bytes.length >> 3))
    : new Float32Array(bytes.buffer, 0, Math.min(a.length, bytes.length >> 2));
}

export interface StructureColumns {
  length: number;
  name: string[];
  source: (string | undefined)[];
  set: Uint8Array;
  atoms: Float64Array;
  energyTrue: Float64Array;
  energyPred: Float64Array;
  energyStd: Float64Array;
  absError: Float64Array;
}

export function structureColumns(r: UqReport): StructureColumns {
  const lists = SET_NAMES.map((s) => (Array.isArray(r.predictions?.[s]?.structures) ? r.predictions[s]!.structures : []));
  const n = lists.reduce((a, l) => a + l.length, 0);
  const c: StructureColumns = {
    length: 0, name: new Array<string>(n), source: new Array<string | undefined>(n), set: new Uint8Array(n),
    atoms: new Float64Array(n), energyTrue: new Float64Array(n), energyPred: new Float64Array(n),
    energyStd: new Float64Array(n), absError: new Float64Array(n),
  };
  let i = 0;
  for (let setIndex = 0; setIndex < lists.length; setIndex++) {
    const list = lists[setIndex];
    for (let k = 0; k < list.length; k++) {
      const s = list[k];
      if (!s || typeof s !== 'object') continue;
      c.name[i] = String(s.name);
      c.source[i] = typeof s.source === 'string' ? s.source : undefined;
      c.set[i] = setIndex;
      c.atoms[i] = +s.atoms;
      const t = +s.energyTrue, p = +s.energyPred;
      c.energyTrue[i] = t;
      c.energyPred[i] = p;
      c.energyStd[i] = +s.energyStd;
      c.absError[i] = Math.abs(p - t);
      i++;
    }
  }
  c.length = i;
  c.name.length = i;
  c.source.length = i;
  return c;
}

const indexCache = new WeakMap<StructureColumns, Map<SetName, Uint32Array>>();

/** Indices of the structures of one set (computed once per set). */
export function indicesOf(c: StructureColumns, set: SetName): Uint32Array {
  let cache = indexCache.get(c);
  if (!cache) indexCache.set(c, (cache = new Map()));
  const hit = cache.get(set);
  if (hit) return hit;
  const k = SET_NAMES.indexOf(set);
  let n = 0;
  for (let i = 0; i < c.length; i++) if (c.set[i] === k) n++;
  const out = new Uint32Array(n);
  n = 0;
  for (let i = 0; i < c.length; i++) if (c.set[i] === k) out[n++] = i;
  cache.set(set, out);
  return out;
}

/** At most `max` of the indices, evenly spaced (every point when there are few). */
export function sampleIndices(idx: Uint32Array, max: number): Uint32Array {
  if (idx.length <= max) return idx;
  const out = new Uint32Array(max);
  const step = idx.length / max;
  for (let i = 0; i < max; i++) out[i] = idx[Math.floor(i * step)];
  return out;
}

/** The set shown in single-set plots: test if present, else validation, else train. */
export function primarySet(r: UqReport): SetName | undefined {
  return (['test', 'validation', 'train'] as SetName[]).find((s) => (r.predictions?.[s]?.structures?.length ?? 0) > 0 || r.metrics?.[s]?.energy);
}

export function histogram(values: Float64Array, idx: Uint32Array, bins = 30): { x: number; y: number }[] {
  let lo = Infinity, hi = -Infinity;
  for (let k = 0; k < idx.length; k++) { const v = values[idx[k]]; if (v < lo) lo = v; if (v > hi) hi = v; }
  if (!(lo <= hi) || !Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  const width = (hi - lo) / bins || 1;
  const counts = new Array<number>(bins).fill(0);
  for (let k = 0; k < idx.length; k++) { const v = values[idx[k]]; if (v >= lo && v <= hi) counts[Math.min(bins - 1, Math.floor((v - lo) / width))]++; }
  return counts.map((c, i) => ({ x: lo + (i + 0.5) * width, y: c }));
}

export function titleOf(r: UqReport, fallback: string): string {
  const m = r.method;
  if (!m) return fallback;
  const method = m.method === 'bnn' ? `BNN (${m.estimator ?? '?'})` : m.method === 'ensemble' ? `Deep ensemble (${m.members ?? '?'}${m.heteroscedastic ? ' heteroscedastic' : ''} members)` : String(m.method);
  return `${method}${m.regime ? ` · ${m.regime}` : ''}`;
}
