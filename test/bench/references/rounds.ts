/**
 * Ours against a reference measured in the same run: rounds alternate (ours, reference, ours, reference …)
 * so load on a shared machine falls on both sides alike, and every ratio is printed as min and median
 * over the rounds' own ratios (ours / reference of the same round; below 1: ours is faster).
 */
import type { Absent } from './setup';

/** Seconds (per epoch, per run …) of each reference variant in one round, e.g. { '1 thread': 0.03 }. */
export type ReferenceRound = Record<string, number>;

export const ROUNDS = Math.max(1, Number(process.env.MLIP_BENCH_ROUNDS ?? 3));

export function median(a: readonly number[]): number {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const fmt = (x: number) => (x >= 1 ? x.toFixed(2) : x.toPrecision(3));
const ratio = (x: number) => (x >= 0.1 ? x.toFixed(2) : x.toPrecision(2));

export interface Interleaved { ours: number[]; reference: Record<string, number[]>; ratios: Record<string, number[]> }

/**
 * Runs `rounds` interleaved rounds and prints one line per reference variant. A reference that is absent
 * (or fails in a round) prints "reference absent: why" beside our own numbers.
 */
export function interleave(label: string, unit: string, ours: () => number, reference: (() => ReferenceRound | Absent) | Absent, rounds = ROUNDS): Interleaved {
  const out: Interleaved = { ours: [], reference: {}, ratios: {} };
  let absent = 'absent' in reference ? reference.absent : null;
  for (let r = 0; r < rounds; r++) {
    const o = ours();
    out.ours.push(o);
    if (absent !== null || 'absent' in reference) continue;
    const ref = reference();
    if ('absent' in ref) { absent = String(ref.absent); continue; }
    for (const [k, v] of Object.entries(ref)) {
      (out.reference[k] ??= []).push(v);
      (out.ratios[k] ??= []).push(o / v);
    }
  }
  const mine = `ours ${fmt(median(out.ours))} ${unit} (min ${fmt(Math.min(...out.ours))})`;
  if (absent !== null) {
    console.log(`${label}: ${mine}; reference absent: ${absent}`);
    return out;
  }
  const parts = Object.entries(out.reference).map(([k, v]) => {
    const q = out.ratios[k];
    return `${k} ${fmt(median(v))} (min ${fmt(Math.min(...v))}) → ours/ref median ${ratio(median(q))}, min ${ratio(Math.min(...q))}`;
  });
  console.log(`${label}, ${rounds} interleaved rounds: ${mine}; ${parts.join('; ')}`);
  return out;
}
