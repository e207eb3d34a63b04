/**
 * Orderings without comparator callbacks: a million-element comparator sort costs seconds in V8, a
 * native Float64Array sort plus binary searches a fraction of that. Inputs are finite (inputs.ts).
 */

/** First position in ascending `sorted` whose value is ≥ x. */
export function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First position in ascending `sorted` whose value is > x. */
export function upperBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Indices in ascending order of value, ties in ascending index order: an LSD radix sort (stable) over
 * the IEEE-754 bits mapped to order-preserving unsigned keys (negative: all bits flipped; positive:
 * sign bit set), four 16-bit passes. Typed arrays are little-endian on every platform Node runs on.
 */
export function ascendingOrder(v: ArrayLike<number>): Uint32Array {
  const n = v.length;
  const f = new Float64Array(n);
  for (let i = 0; i < n; i++) f[i] = v[i] + 0; // −0 → +0: equal values must share a key
  const bits = new Uint32Array(f.buffer);
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const h = bits[2 * i + 1];
    if (h & 0x80000000) { hi[i] = ~h >>> 0; lo[i] = ~bits[2 * i] >>> 0; }
    else { hi[i] = (h | 0x80000000) >>> 0; lo[i] = bits[2 * i]; }
  }
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let next = new Uint32Array(n);
  const count = new Uint32Array(65536);
  for (let pass = 0; pass < 4; pass++) {
    const words = pass < 2 ? lo : hi;
    const shift = pass % 2 ? 16 : 0;
    count.fill(0);
    for (let i = 0; i < n; i++) count[(words[i] >>> shift) & 0xffff]++;
    let sum = 0;
    for (let b = 0; b < 65536; b++) { const c = count[b]; count[b] = sum; sum += c; }
    for (let k = 0; k < n; k++) { const i = order[k]; next[count[(words[i] >>> shift) & 0xffff]++] = i; }
    [order, next] = [next, order];
  }
  return order;
}

/** 1-based ranks, ties given the average of the ranks they span (scipy.stats.rankdata 'average'). */
export function averageRanks(v: ArrayLike<number>): Float64Array {
  const order = ascendingOrder(v);
  const ranks = new Float64Array(v.length);
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && v[order[end]] === v[order[start]]) end++;
    const r = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]] = r;
    start = end;
  }
  return ranks;
}

/** Marks (1) the k largest values, ties at the cut going to the earlier index. */
export function topK(v: ArrayLike<number>, k: number): Uint8Array {
  const n = v.length;
  const chosen = new Uint8Array(n);
  if (k <= 0) return chosen;
  if (k >= n) return chosen.fill(1);
  const order = ascendingOrder(v);
  const cut = v[order[n - k]];
  let first = n - k; // start of the run of values equal to the cut (in index order)
  while (first > 0 && v[order[first - 1]] === cut) first--;
  let quota = k;
  for (let p = n - 1; p >= 0 && v[order[p]] > cut; p--) { chosen[order[p]] = 1; quota--; }
  for (let p = first; quota > 0; p++, quota--) chosen[order[p]] = 1;
  return chosen;
}
