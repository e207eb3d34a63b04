/**
 * A small seeded PRNG (sfc32, seeded through splitmix32) so that splits, initial weights and every noise
 * draw are reproducible from one integer seed on any backend. Its state is four uint32s, saved in
 * checkpoints so a resumed run draws the same numbers it would have drawn.
 */
/** Four uint32 words, then the pending Box–Muller normal (null when none). */
export type RngState = [number, number, number, number, number | null];

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  /** A spare Box–Muller normal, kept so draws come in pairs without waste. */
  private spare: number | null = null;

  constructor(seed: number | RngState) {
    if (Array.isArray(seed)) {
      [this.a, this.b, this.c, this.d] = seed;
      this.spare = seed[4];
    } else {
      const sm = splitmix32(seed);
      this.a = sm(); this.b = sm(); this.c = sm(); this.d = sm();
      for (let i = 0; i < 12; i++) this.nextU32();
    }
  }

  /** An independent stream derived from this one's seed and a label (member index, purpose). */
  static derive(seed: number, stream: number): Rng {
    return new Rng((Math.imul(seed >>> 0, 0x27d4eb2d) ^ Math.imul(stream + 1, 0x165667b1)) >>> 0);
  }

  state(): RngState {
    return [this.a, this.b, this.c, this.d, this.spare];
  }

  setState(s: RngState): void {
    [this.a, this.b, this.c, this.d] = s;
    this.spare = s[4];
  }

  nextU32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.nextU32() / 4294967296;
  }

  normal(): number {
    if (this.spare !== null) { const s = this.spare; this.spare = null; return s; }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /**
   * The same numbers as calling normal() out.length times, ×std: the generator state lives in locals for the
   * loop (the BNN noise is ~10⁵ draws per step, and the per-call version was half of an LRT step).
   */
  fillNormal(out: Float32Array, std = 1): Float32Array {
    const n = out.length;
    let i = 0;
    if (n > 0 && this.spare !== null) { out[i++] = this.spare * std; this.spare = null; }
    // The words as int32 in the loop (the same bits; unsigned again when stored back): uint32 values above 2³¹
    // made the optimised loop box them, ~32 bytes of garbage per normal.
    let a = this.a | 0, b = this.b | 0, c = this.c | 0, d = this.d | 0;
    while (i < n) {
      let u = 0, v = 0;
      for (let draw = 0; draw < 2; draw++) {
        let x = 0;
        do {
          const t = (a + b + d) | 0;
          d = (d + 1) | 0;
          a = b ^ (b >>> 9);
          b = (c + (c << 3)) | 0;
          c = (c << 21) | (c >>> 11);
          c = (c + t) | 0;
          x = (t >>> 0) / 4294967296;
        } while (draw === 0 && x === 0);
        if (draw === 0) u = x; else v = x;
      }
      const r = Math.sqrt(-2 * Math.log(u));
      out[i++] = r * Math.cos(2 * Math.PI * v) * std;
      const second = r * Math.sin(2 * Math.PI * v);
      if (i < n) out[i++] = second * std; else this.spare = second;
    }
    this.a = a; this.b = b >>> 0; this.c = c >>> 0; this.d = d >>> 0;
    return out;
  }

  /** Random ±1 entries (Flipout sign vectors). */
  fillSigns(out: Float32Array): Float32Array {
    for (let i = 0; i < out.length; i += 32) {
      const bits = this.nextU32();
      for (let j = 0; j < 32 && i + j < out.length; j++) out[i + j] = (bits >>> j) & 1 ? 1 : -1;
    }
    return out;
  }

  /** Fisher–Yates shuffle of a copy. */
  shuffled<T>(items: readonly T[]): T[] {
    const a = items.slice();
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.uniform() * (i + 1));
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }
}
