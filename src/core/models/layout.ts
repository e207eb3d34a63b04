/**
 * Where every weight and bias lives in one flat parameter row. One row per ensemble member (θ [M, P]) or
 * one row of means and one of log-scales for a BNN: a single tf.split turns a row into all tensors, and
 * the optimiser updates one tensor instead of dozens (per-op overhead dominates these small networks).
 * Order: element by element, layer by layer, W [Din, Dout] then b [Dout]. The output layer has one column
 * (the atomic energy) or, for heteroscedastic ensemble members, two: the atomic energy and a variance logit.
 */
export interface TensorSlot {
  element: number;
  layer: number;
  kind: 'W' | 'b';
  rows: number;
  cols: number;
  offset: number;
  size: number;
}

export interface ParamLayout {
  elements: string[];
  dims: number[];
  hidden: number[];
  /** Columns of the output layer: 1 (energy), or 2 (energy, variance logit) for heteroscedastic members. */
  outputs: 1 | 2;
  slots: TensorSlot[];
  size: number;
}

export function makeLayout(elements: readonly string[], dims: readonly number[], hidden: readonly number[], outputs: 1 | 2 = 1): ParamLayout {
  const slots: TensorSlot[] = [];
  let offset = 0;
  elements.forEach((_, e) => {
    const sizes = [dims[e], ...hidden, outputs];
    for (let l = 0; l + 1 < sizes.length; l++) {
      const [rows, cols] = [sizes[l], sizes[l + 1]];
      slots.push({ element: e, layer: l, kind: 'W', rows, cols, offset, size: rows * cols });
      offset += rows * cols;
      slots.push({ element: e, layer: l, kind: 'b', rows: 1, cols, offset, size: cols });
      offset += cols;
    }
  });
  return { elements: elements.slice(), dims: dims.slice(), hidden: hidden.slice(), outputs, slots, size: offset };
}
