/**
 * Checkpoint files: the trainer state (parameters, Adam moments, RNG state, best-on-validation
 * parameters, early-stopping counter) as JSON with float32 arrays in base64, wrapped with a SHA-256 of
 * the payload so a torn or edited file is detected and refused instead of silently loaded.
 */
import { createHash } from 'node:crypto';
import type { TrainerState } from './trainer-state';

export const CHECKPOINT_FORMAT = 'mlip-uq-checkpoint';

export class CorruptCheckpoint extends Error {}

function decodeArrays(rec: Record<string, string>): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {};
  for (const [k, v] of Object.entries(rec)) {
    const b = Buffer.from(v, 'base64');
    out[k] = new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  }
  return out;
}

/**
 * The checkpoint's text: {"format", "version", "sha256", "payload"} with the payload the JSON text of the
 * state (encodePayload's pieces, which are JSON.stringify's text of it cut at the arrays' base64 strings). The
 * runner writes one every epoch, so the text is built from the pieces: the hash takes them one by one and the
 * base64 strings go into the outer text as they are (they need no escaping), instead of a payload string that
 * is flattened for the hash and escaped whole (about 200 KB of garbage less per epoch of a TiO2 BNN).
 */
export function encodeCheckpoint(s: TrainerState, extra: Record<string, unknown> = {}): string {
  const pieces = encodePayload(s, extra);
  const hash = createHash('sha256');
  for (const p of pieces) hash.update(p);
  const sha256 = hash.digest('hex');
  // JSON.stringify escapes a string character by character; the pieces split it between characters (no
  // surrogate pair is split: the cuts fall next to base64 strings), so escaping them one by one is the same.
  const escaped = pieces.map((p, i) => (i % 2 === 1 ? p : JSON.stringify(p).slice(1, -1)));
  // One join makes one flat string: concatenated pieces would be flattened again (a copy) when written out.
  return [`{"format":${JSON.stringify(CHECKPOINT_FORMAT)},"version":1,"sha256":"${sha256}","payload":"`, ...escaped, '"}'].join('');
}

/**
 * The payload's JSON text as JSON.stringify writes it, in pieces: JSON text at even positions, the arrays'
 * base64 strings (the text between their quotes) at odd ones.
 */
function encodePayload(s: TrainerState, extra: Record<string, unknown>): string[] {
  const pieces: string[] = [];
  let text = '';
  const base64 = (v: Float32Array) => {
    pieces.push(`${text}"`, Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64'));
    text = '"';
  };
  const arrays = (rec: Record<string, Float32Array>) => {
    text += '{';
    Object.entries(rec).forEach(([k, v], i) => {
      text += `${i ? ',' : ''}${JSON.stringify(k)}:`;
      base64(v);
    });
    text += '}';
  };
  const list = (a: readonly Float32Array[]) => {
    text += '[';
    a.forEach((v, i) => {
      if (i) text += ',';
      base64(v);
    });
    text += ']';
  };
  text += `{"epoch":${JSON.stringify(s.epoch)},"params":`;
  arrays(s.params);
  text += `,"adam":{"step":${JSON.stringify(s.adam.step)},"m":`;
  list(s.adam.m);
  text += ',"v":';
  list(s.adam.v);
  text += `},"rng":${JSON.stringify(s.rng)},"best":`;
  if (s.best) {
    text += `{"epoch":${JSON.stringify(s.best.epoch)},"valLoss":${JSON.stringify(s.best.valLoss)},"params":`;
    arrays(s.best.params);
    text += '}';
  } else {
    text += 'null';
  }
  text += `,"sinceBest":${JSON.stringify(s.sinceBest)},"extra":${JSON.stringify(extra)}}`;
  pieces.push(text);
  return pieces;
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
