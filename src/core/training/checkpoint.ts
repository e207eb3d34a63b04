/**
 * Checkpoint files: the trainer state (parameters, Adam moments, RNG state, best-on-validation
 * parameters, early-stopping counter) as JSON with float32 arrays in base64, wrapped with a SHA-256 of
 * the payload so a torn or edited file is detected and refused instead of silently loaded.
 */
import { createHash } from 'node:crypto';
import type { TrainerState } from './trainer-state';

export const CHECKPOINT_FORMAT = 'mlip-uq-checkpoint';

export class CorruptCheckpoint extends Error {}

function encodeArrays(rec: Record<string, Float32Array>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(rec)) out[k] = Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
  return out;
}

function decodeArrays(rec: Record<string, string>): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {};
  for (const [k, v] of Object.entries(rec)) {
    const b = Buffer.from(v, 'base64');
    out[k] = new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  }
  return out;
}

export function encodeCheckpoint(s: TrainerState, extra: Record<string, unknown> = {}): string {
  const payload = JSON.stringify({
    epoch: s.epoch,
    params: encodeArrays(s.params),
    adam: { step: s.adam.step, m: s.adam.m.map((a) => encodeArrays({ a }).a), v: s.adam.v.map((a) => encodeArrays({ a }).a) },
    rng: s.rng,
    best: s.best ? { epoch: s.best.epoch, valLoss: s.best.valLoss, params: encodeArrays(s.best.params) } : null,
    sinceBest: s.sinceBest,
    extra,
  });
  const sha256 = createHash('sha256').update(payload).digest('hex');
  return JSON.stringify({ format: CHECKPOINT_FORMAT, version: 1, sha256, payload });
}

export function decodeCheckpoint(text: string, file = 'checkpoint'): { state: TrainerState; extra: Record<string, unknown> } {
  let outer: { format?: unknown; sha256?: unknown; payload?: unknown };
  try {
    outer = JSON.parse(text) as typeof outer;
  } catch {
    throw new CorruptCheckpoint(`${file}: not valid JSON (torn write?)`);
  }
  if (outer.format !== CHECKPOINT_FORMAT || typeof outer.payload !== 'string' || typeof outer.sha256 !== 'string') {
    throw new CorruptCheckpoint(`${file}: not a ${CHECKPOINT_FORMAT} file`);
  }
  const actual = createHash('sha256').update(outer.payload).digest('hex');
  if (actual !== outer.sha256) throw new CorruptCheckpoint(`${file}: checksum mismatch (stored ${outer.sha256.slice(0, 12)}…, actual ${actual.slice(0, 12)}…)`);
  const p = JSON.parse(outer.payload) as {
    epoch: number; params: Record<string, string>; adam: { step: number; m: string[]; v: string[] };
    rng: TrainerState['rng']; best: { epoch: number; valLoss: number; params: Record<string, string> } | null; sinceBest: number; extra: Record<string, unknown>;
  };
  const one = (a: string) => decodeArrays({ a }).a;
  return {
    state: {
      epoch: p.epoch,
      params: decodeArrays(p.params),
      adam: { step: p.adam.step, m: p.adam.m.map(one), v: p.adam.v.map(one) },
      rng: p.rng,
      best: p.best ? { epoch: p.best.epoch, valLoss: p.best.valLoss, params: decodeArrays(p.best.params) } : null,
      sinceBest: p.sinceBest,
    },
    extra: p.extra ?? {},
  };
}
