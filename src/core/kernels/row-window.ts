/**
 * Training batches split by structure over threads (a BNN step shared out: src/core/training/parallel/).
 * Each batch's structures go in T contiguous parts balanced by atoms (the last part never empty), and each
 * part knows the window its atom rows take among the whole batch's rows of every element. The kernels draw
 * noise for the whole batch's rows and a thread keeps its window, so every row sees the noise it sees on
 * one thread; the data term is a sum over structures, so the threads' gradients add up to one thread's.
 * With forces the lists must already be force structures first (forceStructuresFirst), as the steps order
 * them, so that each part stays contiguous in the whole batch's rows.
 */
import type { TrainingSample } from '../data/samples';
import { forceStructuresFirst } from './rows';

export interface RowWindow {
  /** Per batch: the whole batch's structures (the data term's batch size), and this part's. */
  size: number[];
  count: number[];
  /** Per batch and element: the whole batch's atom rows, and the first row of this part's. */
  full: number[][];
  offset: number[][];
}

/** The training lists as the BNN steps order them: force structures first when forces are trained. */
export function stepOrder(lists: readonly number[][], train: readonly TrainingSample[], forces: boolean): number[][] {
  return forces ? forceStructuresFirst(lists, (i) => train[i].forces !== null && !!train[i].descriptors.jacobian) : lists.map((l) => [...l]);
}

/** Per part: its lists (one per batch) and its row windows. */
export function splitBatches(lists: readonly number[][], train: readonly TrainingSample[], elements: number, parts: number): { lists: number[][]; window: RowWindow }[] {
  const rowsOf = (i: number) => {
    const c = new Array<number>(elements).fill(0);
    for (let a = 0; a < train[i].nAtoms; a++) c[train[i].element[a]]++;
    return c;
  };
  const out = Array.from({ length: parts }, () => ({ lists: [] as number[][], window: { size: [] as number[], count: [] as number[], full: [] as number[][], offset: [] as number[][] } }));
  for (const list of lists) {
    const counts = list.map(rowsOf);
    const atoms = counts.map((c) => c.reduce((a, b) => a + b, 0));
    const total = atoms.reduce((a, b) => a + b, 0);
    // Cut t (1 … T−1): where the atoms before it come nearest t/T of the batch's.
    const cuts = [0];
    let before = 0, i = 0;
    for (let t = 1; t < parts; t++) {
      const target = (total * t) / parts;
      while (i < list.length && Math.abs(before + atoms[i] - target) <= Math.abs(before - target)) before += atoms[i++];
      cuts.push(Math.max(cuts[t - 1], Math.min(i, list.length - 1)));
    }
    cuts.push(list.length);
    const full = new Array<number>(elements).fill(0);
    for (const c of counts) c.forEach((n, e) => (full[e] += n));
    const offset = new Array<number>(elements).fill(0);
    out.forEach((part, t) => {
      part.lists.push(list.slice(cuts[t], cuts[t + 1]));
      part.window.size.push(list.length);
      part.window.count.push(cuts[t + 1] - cuts[t]);
      part.window.full.push(full);
      part.window.offset.push([...offset]);
      for (let s = cuts[t]; s < cuts[t + 1]; s++) counts[s].forEach((n, e) => (offset[e] += n));
    });
  }
  return out;
}

/**
 * A part's structures alone: the training samples its lists use, in first-use order, and the lists indexing
 * them, so a worker's kernel memory (and the message that carries them) holds only its own rows.
 */
export function compactPart(lists: readonly number[][], train: readonly TrainingSample[]): { train: TrainingSample[]; lists: number[][] } {
  const at = new Map<number, number>();
  const used: TrainingSample[] = [];
  const remapped = lists.map((list) => list.map((i) => {
    let j = at.get(i);
    if (j === undefined) { j = used.length; at.set(i, j); used.push(train[i]); }
    return j;
  }));
  return { train: used, lists: remapped };
}
