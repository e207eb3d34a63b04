/**
 * The checkpoint's text, which the encoder builds from pieces to make less garbage every epoch, is the text
 * of the plain construction: {format, version, sha256, payload} through JSON.stringify, with the payload
 * JSON.stringify's text of the state (arrays as base64 of their float32 bytes) and sha256 its hash. Files
 * written before and after read the same, and decode restores the state.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { CHECKPOINT_FORMAT, decodeCheckpoint, encodeCheckpoint } from '../../../src/core/training/checkpoint';
import type { TrainerState } from '../../../src/core/training/trainer-state';

function plainText(s: TrainerState, extra: Record<string, unknown> = {}): string {
  const b64 = (v: Float32Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
  const rec = (r: Record<string, Float32Array>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, b64(v)]));
  const payload = JSON.stringify({
    epoch: s.epoch, params: rec(s.params), adam: { step: s.adam.step, m: s.adam.m.map(b64), v: s.adam.v.map(b64) }, rng: s.rng,
    best: s.best ? { epoch: s.best.epoch, valLoss: s.best.valLoss, params: rec(s.best.params) } : null, sinceBest: s.sinceBest, extra,
  });
  return JSON.stringify({ format: CHECKPOINT_FORMAT, version: 1, sha256: createHash('sha256').update(payload).digest('hex'), payload });
}

const values = (n: number, phase: number) => new Float32Array(n).map((_, i) => Math.sin(i + phase) * 1e3);
const states: TrainerState[] = [
  { epoch: 3, params: { mu: values(10, 0), rho: values(10, 1) }, adam: { step: 7, m: [values(20, 2)], v: [values(20, 3)] }, rng: [1, -2, 3, 4294967295, null], best: { epoch: 2, valLoss: 0.25, params: { mu: values(10, 4), rho: values(10, 5) } }, sinceBest: 1 },
  { epoch: 0, params: { theta: values(5, 0).subarray(1, 4) }, adam: { step: 0, m: [], v: [] }, rng: [1, 2, 3, 4, -0.5], best: null, sinceBest: 0 },
  { epoch: 9, params: { theta: new Float32Array(0) }, adam: { step: 2, m: [values(3, 6), new Float32Array(0), values(4, 7)], v: [values(3, 8), new Float32Array(0), values(4, 9)] }, rng: [0, 0, 0, 0, null], best: { epoch: 1, valLoss: NaN, params: {} }, sinceBest: 8 },
];
const extras: (Record<string, unknown> | undefined)[] = [undefined, { configHash: 'ab'.repeat(32) }, { note: 'quote " backslash \\ é 😀 \u0001 \ud800 line\nbreak', list: [1, null, { gone: undefined }], gone: undefined }];

test('the checkpoint text is the plain JSON.stringify construction, byte for byte, and decodes to the state', () => {
  for (const s of states) {
    for (const extra of extras) {
      const text = encodeCheckpoint(s, extra);
      assert.equal(text, plainText(s, extra));
      const back = decodeCheckpoint(text);
      assert.deepEqual(back.extra, JSON.parse(JSON.stringify(extra ?? {})));
      assert.equal(back.state.epoch, s.epoch);
      assert.deepEqual(Object.keys(back.state.params), Object.keys(s.params));
      for (const k of Object.keys(s.params)) assert.deepEqual(Array.from(back.state.params[k]), Array.from(s.params[k]));
      assert.deepEqual(back.state.adam.m.map((a) => Array.from(a)), s.adam.m.map((a) => Array.from(a)));
    }
  }
});
