/**
 * Reading a report's arrays for display: decoding the compact base64 float encoding, gathering the
 * per-structure predictions of every set, and small statistics (histogram, ordering). Pure, no DOM.
 */
import type { NumberArray, SetName, StructurePrediction, UqReport } from '../../src/protocol/report';

export function decodeNumbers(a: NumberArray | undefined): ArrayLike<number> {
  if (!a) return [];
  if (Array.isArray(a)) return a;
  const bin = atob(a.data);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const view = a.encoding === 'base64-float64-le' ? new Float64Array(bytes.buffer, 0, Math.min(a.length, bytes.length >> 3)) : new Float32Array(bytes.buffer, 0, Math.min(a.length, bytes.length >> 2));
  return view;
}

export interface StructureRow extends StructurePrediction {
  set: SetName;
  absError: number;
  index: number;
}

const SETS: SetName[] = ['train', 'validation', 'test'];

export function structureRows(r: UqReport): StructureRow[] {
  const rows: StructureRow[] = [];
  for (const set of SETS) {
    const list = r.predictions?.[set]?.structures;
    if (!Array.isArray(list)) continue;
    for (const s of list) {
      if (!s || typeof s !== 'object') continue;
      rows.push({ ...s, set, absError: Math.abs(Number(s.energyPred) - Number(s.energyTrue)), index: rows.length });
    }
  }
  return rows;
}

/** The set shown in single-set plots: test if present, else validation, else train. */
export function primarySet(r: UqReport): SetName | undefined {
  return (['test', 'validation', 'train'] as SetName[]).find((s) => (r.predictions?.[s]?.structures?.length ?? 0) > 0 || r.metrics?.[s]?.energy);
}

export function histogram(values: number[], bins = 30): { x: number; y: number }[] {
  const v = values.filter(Number.isFinite);
  if (!v.length) return [];
  let lo = Infinity, hi = -Infinity;
  for (const x of v) { if (x < lo) lo = x; if (x > hi) hi = x; }
  const width = (hi - lo) / bins || 1;
  const counts = new Array<number>(bins).fill(0);
  for (const x of v) counts[Math.min(bins - 1, Math.floor((x - lo) / width))]++;
  return counts.map((c, i) => ({ x: lo + (i + 0.5) * width, y: c }));
}

export function titleOf(r: UqReport, fallback: string): string {
  const m = r.method;
  if (!m) return fallback;
  const method = m.method === 'bnn' ? `BNN (${m.estimator ?? '?'})` : m.method === 'ensemble' ? `Deep ensemble (${m.members ?? '?'} members)` : String(m.method);
  return `${method}${m.regime ? ` · ${m.regime}` : ''}`;
}
