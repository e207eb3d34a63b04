/**
 * The network evaluated with S complete weight sets at once (θ [S, P], one row per ensemble member or
 * per sampled BNN weight set): the row is split into every element's layer tensors in one op.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Batch } from '../data/batch';
import type { ActivationName } from '../method/names';
import { activations } from './activation';
import { assemble, type PotentialOutput } from './assemble';
import type { ParamLayout } from './layout';
import { type Layer, WeightSetLayer } from './layers';
import { WideWeightSetLayer } from './wide-layer';
import { runElementMlp } from './mlp';
import { fusedEnergy } from './fused-energy';

/** Splits rows [S, P] into per-slot tensors shaped [S, rows, cols]. */
export function splitRows(rows: tf.Tensor2D, layout: ParamLayout): tf.Tensor3D[] {
  const s = rows.shape[0];
  const parts = tf.split(rows, layout.slots.map((t) => t.size), 1);
  return parts.map((p, i) => tf.reshape(p, [s, layout.slots[i].rows, layout.slots[i].cols]) as tf.Tensor3D);
}

/** Layers of element e from per-slot tensors, via a factory (W index, b index) → Layer. */
export function elementLayers(layout: ParamLayout, e: number, make: (wSlot: number, bSlot: number, layer: number) => Layer): Layer[] {
  const layers: Layer[] = [];
  layout.slots.forEach((slot, i) => {
    if (slot.element === e && slot.kind === 'W') layers.push(make(i, i + 1, slot.layer));
  });
  return layers;
}

export function weightSetForward(theta: tf.Tensor2D, layout: ParamLayout, activation: ActivationName, batch: Batch, forces: boolean): PotentialOutput {
  const needsForces = forces && batch.elements.some((r) => r?.pairs);
  // Energies alone (and no gradient wanted for the descriptor rows): one op with a hand-written backward.
  // Single weight sets only: for 10 members it measured 1.1× slower than the layer-by-layer path.
  if (!needsForces && theta.shape[0] === 1 && layout.outputs === 1 && !batch.elements.some((r) => r?.differentiable)) {
    return { energy: fusedEnergy(theta, layout, activations[activation], batch), forces: forces && batch.forceAtoms > 0 ? tf.zeros([theta.shape[0], batch.forceAtoms, 3]) : null };
  }
  const t = splitRows(theta, layout);
  const act = activations[activation];
  const outputs = batch.elements.map((rows, e) => {
    if (!rows) return null;
    const m = theta.shape[0];
    const layers = elementLayers(layout, e, (w, b) => (m > 1 ? new WideWeightSetLayer(t[w], t[b]) : new WeightSetLayer(t[w], t[b])));
    return runElementMlp(layers, rows, act, forces && !!rows.pairs, m > 1 ? m : 0, layout.outputs);
  });
  return assemble(batch, outputs, forces);
}
