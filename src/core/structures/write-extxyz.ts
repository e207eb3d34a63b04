/**
 * Extended XYZ frames for structures leaving the product (e.g. the structures picked for the next DFT
 * calculations): ASE's form, `Lattice="…" Properties=species:S:1:pos:R:3 pbc="T T T"` plus per-frame keys,
 * positions at full double precision so nothing moves on the way to the DFT input.
 */
import type { Structure } from './types';

export type FrameInfo = Record<string, number | string>;

const num = (x: number) => (Number.isInteger(x) ? x.toFixed(1) : String(x));

/** A value as extended XYZ writes it: numbers bare, strings quoted (inner quotes and newlines escaped). */
function infoValue(v: number | string): string {
  if (typeof v === 'number') return num(v);
  return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\r\n]+/g, ' ')}"`;
}

export function extxyzFrame(s: Structure, info: FrameInfo = {}): string {
  const n = s.species.length;
  const keys: string[] = [];
  if (s.cell) keys.push(`Lattice="${Array.from(s.cell, num).join(' ')}"`);
  keys.push('Properties=species:S:1:pos:R:3');
  for (const [k, v] of Object.entries(info)) if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) keys.push(`${k}=${infoValue(v)}`);
  keys.push(`pbc="${s.pbc.map((p) => (p ? 'T' : 'F')).join(' ')}"`);
  const lines = [String(n), keys.join(' ')];
  for (let i = 0; i < n; i++) {
    lines.push(`${s.species[i]} ${num(s.positions[3 * i])} ${num(s.positions[3 * i + 1])} ${num(s.positions[3 * i + 2])}`);
  }
  return lines.join('\n') + '\n';
}
