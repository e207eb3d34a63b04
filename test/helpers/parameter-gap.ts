/** The largest |a − b| / (1 + |b|) over two parameter vectors: how far two trainings' parameters drifted apart. */
export function parameterGap(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / (1 + Math.abs(b[i])));
  return worst;
}
