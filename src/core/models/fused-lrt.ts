/**
 * LRT energies without forces (methods.md §5, as ./layers LrtLayer computes them) as ONE recorded op with
 * a hand-written backward pass; see ./fused-energy for why. Per layer, on rows [K·A, Din] (the first layer
 * on the shared descriptor rows, before the K noise samples spread it):
 *   m = h·μ_W + μ_b,  v = h²·σ²_W + σ²_b,  s = √v,  z = m + s⊙ε
 * and backwards, from δz: δv = δz⊙ε/(2s), ∂μ_W = hᵀδz, ∂σ²_W = (h²)ᵀδv, δh = δz·μ_Wᵀ + 2h⊙(δv·σ²_Wᵀ).
 * Kept for the tfjs-ops engine: without it a 2-sample LRT epoch on the 1,000-structure TiO2 bench took
 * 1.25–1.43× as long (test/bench/train-ab.ts lrt --tfjs, Dec 2026).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Batch } from '../data/batch';
import type { Activation } from './activation';
import type { ParamLayout } from './layout';
import { columnSums } from './column-sums';

type Grad = Parameters<typeof tf.customGrad>[0];

interface ElementSlots { w: number[] }

function elementSlots(layout: ParamLayout, e: number): ElementSlots {
  const w: number[] = [];
  layout.slots.forEach((s, i) => { if (s.element === e && s.kind === 'W') w.push(i); });
  return { w };
}

function asMatrices(row: tf.Tensor2D, layout: ParamLayout): tf.Tensor2D[] {
  return tf.split(row, layout.slots.map((s) => s.size), 1).map((p, i) => tf.reshape(p, [layout.slots[i].rows, layout.slots[i].cols]) as tf.Tensor2D);
}

/**
 * Structure energies [K, B] for means μ [1, P] and variances σ² [1, P]; `eps[e][l]` is layer l's noise for
 * element e, [K·A_e, cols]. Gradients flow to μ and σ².
 */
export function fusedLrtEnergy(mu: tf.Tensor2D, variance: tf.Tensor2D, layout: ParamLayout, act: Activation, batch: Batch, eps: (tf.Tensor2D[] | null)[], k: number): tf.Tensor2D {
  const present = batch.elements.map((rows, e) => (rows ? e : -1)).filter((e) => e >= 0);
  const f = tf.customGrad(((muIn: tf.Tensor2D, varIn: tf.Tensor2D, save: (t: tf.Tensor[]) => void) => {
    const mW = asMatrices(muIn, layout), vW = asMatrices(varIn, layout);
    let energy: tf.Tensor | null = null;
    const keep: tf.Tensor[] = [muIn, varIn];
    for (const e of present) {
      const rows = batch.elements[e]!;
      const a = rows.x.shape[0];
      const { w } = elementSlots(layout, e);
      let h: tf.Tensor2D | null = null;
      for (let l = 0; l < w.length; l++) {
        const i = w[l];
        const cols = layout.slots[i].cols;
        const m = h ? tf.add(tf.matMul(h, mW[i]), mW[i + 1]) : tf.add(tf.matMul(rows.x, mW[i]), mW[i + 1]);
        const v = h ? tf.add(tf.matMul(tf.square(h), vW[i]), vW[i + 1]) : tf.add(tf.matMul(rows.x2, vW[i]), vW[i + 1]);
        const s = tf.sqrt(v);
        keep.push(s);
        const noise = eps[e]![l];
        const z = (h ? tf.add(m, tf.mul(s, noise))
          : tf.reshape(tf.add(m, tf.mul(s, tf.reshape(noise, [k, a, cols]))), [k * a, cols])) as tf.Tensor2D;
        if (l + 1 < w.length) {
          h = act.apply(z) as tf.Tensor2D;
          keep.push(h);
        } else {
          const part = tf.matMul(tf.reshape(z, [k, a]), rows.toStructure);
          energy = energy ? tf.add(energy, part) : part;
        }
      }
    }
    // The noise is made inside the recorded pass too, so it is gone by the backward pass unless saved.
    const noise = present.flatMap((e) => eps[e]!);
    save([...keep, ...noise]);
    return {
      value: energy!,
      gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
        const kept = saved.slice(keep.length);
        const savedEps = eps.map(() => null as tf.Tensor2D[] | null);
        for (const e of present) savedEps[e] = kept.splice(0, eps[e]!.length) as tf.Tensor2D[];
        return lrtGrad(dy, saved, layout, act, batch, savedEps, k, present);
      },
    };
  }) as unknown as Grad);
  return f(mu, variance) as tf.Tensor2D;
}

function lrtGrad(dy: tf.Tensor2D, saved: tf.Tensor[], layout: ParamLayout, act: Activation, batch: Batch, eps: (tf.Tensor2D[] | null)[], k: number, present: number[]): tf.Tensor2D[] {
  const mW = asMatrices(saved[0] as tf.Tensor2D, layout), vW = asMatrices(saved[1] as tf.Tensor2D, layout);
  const gMu: (tf.Tensor | null)[] = layout.slots.map(() => null);
  const gVar: (tf.Tensor | null)[] = layout.slots.map(() => null);
  let next = 2;
  for (const e of present) {
    const rows = batch.elements[e]!;
    const a = rows.x.shape[0];
    const { w } = elementSlots(layout, e);
    const s: tf.Tensor[] = [], h: tf.Tensor2D[] = [];
    for (let l = 0; l < w.length; l++) {
      s.push(saved[next++]);
      if (l + 1 < w.length) h.push(saved[next++] as tf.Tensor2D);
    }
    // δz of the output layer: [K, A] → [K·A, 1].
    let dz = tf.reshape(tf.matMul(dy, rows.fromStructure), [k * a, 1]) as tf.Tensor2D;
    for (let l = w.length - 1; l >= 0; l--) {
      const i = w[l];
      const cols = layout.slots[i].cols;
      if (l > 0) {
        const hin = h[l - 1];
        const h2 = tf.square(hin);
        const dv = tf.div(tf.mul(dz, eps[e]![l]), tf.mul(s[l], 2)) as tf.Tensor2D;
        gMu[i] = tf.matMul(tf.transpose(hin), dz); gMu[i + 1] = columnSums(dz);
        gVar[i] = tf.matMul(tf.transpose(h2), dv); gVar[i + 1] = columnSums(dv);
        const dh = tf.add(tf.matMul(dz, tf.transpose(mW[i])), tf.mul(tf.mul(hin, 2), tf.matMul(dv, tf.transpose(vW[i]))));
        dz = tf.mul(dh, act.slope(hin)) as tf.Tensor2D;
      } else {
        // The first layer's m and s are shared by the K samples: sum their δ over K first.
        const dz3 = tf.reshape(dz, [k, a, cols]);
        const sumK = (t: tf.Tensor) => tf.reshape(columnSums(tf.reshape(t, [k, a * cols]) as tf.Tensor2D), [a, cols]) as tf.Tensor2D;
        const dm = sumK(dz3);
        const dv = tf.div(sumK(tf.mul(dz3, tf.reshape(eps[e]![l], [k, a, cols]))), tf.mul(s[l], 2)) as tf.Tensor2D;
        gMu[i] = tf.matMul(rows.xT, dm); gMu[i + 1] = columnSums(dm);
        gVar[i] = tf.matMul(rows.x2T, dv); gVar[i + 1] = columnSums(dv);
      }
    }
  }
  const flat = (g: (tf.Tensor | null)[]) => tf.concat(layout.slots.map((slot, i) => (g[i] ? tf.reshape(g[i]!, [1, slot.size]) : tf.zeros([1, slot.size]))), 1) as tf.Tensor2D;
  return [flat(gMu), flat(gVar)];
}
