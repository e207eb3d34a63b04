/**
 * The wasm SIMD MLP kernels of mlp.wat, instantiated once per process, with a bump allocator over their
 * linear memory. Callers lay matrices out as the kernels expect: rows of f32, weights packed in groups of
 * four output columns ([groups][inputs][4]), every buffer 16-byte aligned.
 */
import { setFlagsFromString } from 'node:v8';
import { WASM_BASE64, WASM_FMA_BASE64 } from './mlp-wasm';

/**
 * Which build of mlp.wat runs: 'simd' the plain wasm SIMD module, 'fma' the same module with its matrix
 * products' multiply-adds fused (f32x4.relaxed_madd, relaxed SIMD; see scripts/build-kernels.mjs). The fused
 * one rounds once per multiply-add instead of twice, so results differ from the plain module in the last bits.
 */
export type KernelVariant = 'simd' | 'fma';

/** Forces a variant (MLIP_UQ_KERNELS=simd|fma) so runs on different machines reproduce each other's bits. */
export const KERNEL_VARIANT_ENV = 'MLIP_UQ_KERNELS';

/** The smallest module using f32x4.relaxed_madd: validates only where the runtime has relaxed SIMD. */
const RELAXED_PROBE = Buffer.from('0061736d0100000001080160037b7b7b017b03020100070501016600000a0d010b00200020012002fd85020b', 'hex');

/**
 * Whether this runtime compiles relaxed SIMD. Node 20's V8 has it behind --experimental-wasm-relaxed-simd
 * (on by default from Node 22 and in VS Code's Electron): the flag is switched on here before any fused
 * module is compiled, which V8 honours for modules compiled afterwards.
 */
function relaxedSimd(): boolean {
  if (WebAssembly.validate(RELAXED_PROBE)) return true;
  try { setFlagsFromString('--experimental-wasm-relaxed-simd'); } catch { return false; }
  return WebAssembly.validate(RELAXED_PROBE);
}

/** The variant this process runs (the environment's choice, else fma where the runtime has it), or why none. */
export function kernelVariantChoice(env: NodeJS.ProcessEnv = process.env): { variant: KernelVariant } | { refused: string } {
  const forced = env[KERNEL_VARIANT_ENV]?.trim().toLowerCase();
  if (forced === 'simd') return { variant: 'simd' };
  if (forced === 'fma') return relaxedSimd() ? { variant: 'fma' } : { refused: `${KERNEL_VARIANT_ENV}=fma but this runtime has no relaxed SIMD` };
  if (forced && forced !== 'auto') return { refused: `${KERNEL_VARIANT_ENV}=${forced} is none of simd, fma, auto` };
  return { variant: relaxedSimd() ? 'fma' : 'simd' };
}

let chosen: { variant: KernelVariant; module: WebAssembly.Module } | string | undefined;

/** The compiled module of this process's variant (compiled once; every kernel instance shares it). */
function kernelModule(): { variant: KernelVariant; module: WebAssembly.Module } | string {
  if (chosen === undefined) {
    const v = kernelVariantChoice();
    try {
      chosen = 'refused' in v ? v.refused
        : { variant: v.variant, module: new WebAssembly.Module(Buffer.from(v.variant === 'fma' ? WASM_FMA_BASE64 : WASM_BASE64, 'base64')) };
    } catch (e) {
      chosen = e instanceof Error ? e.message : String(e);
    }
  }
  return chosen;
}

interface Exports {
  memory: WebAssembly.Memory;
  dense(x: number, xs: number, idx: number, n: number, k: number, w: number, b: number, m4: number, out: number, os: number, act: number): void;
  outer_acc(x: number, xs: number, idx: number, n: number, k: number, dz: number, m4: number, dw: number, db: number): void;
  /** nb blocks of dense (ensemble members): block j's inputs, weights, biases and outputs offset by j·xb, j·wb, j·bb, j·ob bytes. */
  dense_bd(x: number, xs: number, xb: number, n: number, k: number, w: number, wb: number, b: number, bb: number, m4: number, nb: number, out: number, os: number, ob: number, act: number): void;
  /** nb blocks of outer_acc with dz rows dzs bytes apart: block j offset by j·xb, j·dzb, j·dwb, j·dbb bytes. */
  outer_acc_bd(x: number, xs: number, xb: number, n: number, k: number, dz: number, dzs: number, dzb: number, m4: number, nb: number, dw: number, dwb: number, db: number, dbb: number): void;
  /** nb blocks' one-output layer (an energy): out lane 0 = b + Σ x·wo over gin input vectors, wo contiguous per block (mlp.wat). */
  out1_bd(x: number, xs: number, xb: number, n: number, gin: number, wo: number, wob: number, b: number, bb: number, nb: number, out: number, os: number, ob: number): void;
  /** Its input gradient dh = dz (lane 0)·wo per block and row. */
  out1_back_bd(dz: number, dzs: number, dzb: number, n: number, gin: number, wo: number, wob: number, nb: number, dh: number, dhs: number, dhb: number): void;
  /** Its weight gradients into lane 0 of dw ([K][4]) and db. */
  out1_grad_bd(x: number, xs: number, xb: number, n: number, gin: number, dz: number, dzs: number, dzb: number, nb: number, dw: number, dwb: number, db: number, dbb: number): void;
  tanh_back(dh: number, h: number, n4: number): void;
  tanh_inplace(p: number, n4: number): void;
  normals(state: number, out: number, n4: number): void;
  sqrt_inplace(p: number, n4: number): void;
  square(src: number, dst: number, n4: number): void;
  add_into(dst: number, src: number, n4: number): void;
  fma_2h(dh: number, dh2: number, h: number, n4: number): void;
  lrt_h(m: number, s: number, eps: number, out: number, n4: number, act: number): void;
  lrt_dv(dz: number, eps: number, s: number, dv: number, n4: number): void;
  signs(state: number, out: number, n4: number): void;
  /** Advances the generator at `state` by n steps (signs: one a vector; normals: two a pair of vectors). */
  rng_skip(state: number, n: number): void;
  flip_z(m: number, p: number, s: number, db: number, out: number, n: number, m4: number, act: number): void;
  mul_into(dst: number, a: number, b: number, n4: number): void;
  fma_into(dst: number, a: number, b: number, n4: number): void;
  gather_mul(x: number, xs: number, idx: number, n: number, k: number, s: number, out: number): void;
  jac_forces(g: number, gs: number, pairs: number, blocks: number, np: number, dp: number, f: number): void;
  jac_back(df: number, pairs: number, blocks: number, np: number, dp: number, u: number, us: number): void;
  slope_mul(a: number, h: number, hs: number, out: number, n: number, m4: number): void;
  force_mid(dbar: number, a: number, h: number, hs: number, abar: number, hbar: number, n: number, m4: number): void;
  add_strided(h: number, hs: number, src: number, n: number, m4: number): void;
  lrt_force_mid(tbar: number, eps: number, s: number, delta: number, dbar: number, vbar: number, n4: number): void;
  /** One Adam step in f32 over n4 vectors (see mlp.wat): b1c = 1 − β1, b2c = 1 − β2, lr = lr/(1 − β1ᵗ), c2 = √(1 − β2ᵗ). */
  /** n moves of 32-bit words: word pairs[2i] of the array at base to word pairs[2i+1] of memory. */
  scatter(base: number, pairs: number, n: number): void;
  /** out[i] = word idx[i] of memory, for i < n. */
  gather(out: number, idx: number, n: number): void;
  adam(x: number, g: number, m: number, v: number, n4: number, b1: number, b1c: number, b2: number, b2c: number, lr: number, c2: number, eps: number, clip: number, decay: number, wd: number): void;
}

/** The kernels' memory cannot grow to what a run needs (wasm32 memories stop at 4 GiB). */
export class KernelMemoryError extends Error {}

const WASM32_LIMIT = 4 * 1024 ** 3;
/** The first byte above the constants mlp.wat's data segments place at 16 (tanh's 13 f32x4 vectors, then the normals' 25). */
const HEAP_BASE = 16 + (13 + 25) * 16;

export class MlpKernel {
  // Address 0 stays unused (a zero idx pointer means "rows in order"); bytes 16 to HEAP_BASE hold mlp.wat's constants.
  private top = HEAP_BASE;
  private f32View: Float32Array;
  private i32View: Int32Array;

  private constructor(readonly k: Exports, private readonly limit: number) {
    this.f32View = new Float32Array(k.memory.buffer);
    this.i32View = new Int32Array(k.memory.buffer);
  }

  /** A fresh kernel instance (own memory), or the reason the engine cannot run it (no wasm SIMD). */
  static create(limit = WASM32_LIMIT): MlpKernel | string {
    try {
      const m = kernelModule();
      if (typeof m === 'string') throw new Error(m);
      const instance = new WebAssembly.Instance(m.module, {});
      return new MlpKernel(instance.exports as unknown as Exports, limit);
    } catch (e) {
      return `wasm SIMD kernels unavailable (${e instanceof Error ? e.message : String(e)})`;
    }
  }

  /** The variant every kernel of this process runs ('simd' also where none can run: see unavailable()). */
  static variant(): KernelVariant {
    const m = kernelModule();
    return typeof m === 'string' ? 'simd' : m.variant;
  }

  /** The variant in words, for the engine's reason: "" for the plain module, " (relaxed-SIMD FMA)" for the fused. */
  static variantNote(): string {
    return MlpKernel.variant() === 'fma' ? ' (relaxed-SIMD FMA)' : '';
  }

  /** Why no kernel can be instantiated here (null: it can). Checked once per process. */
  static unavailable(): string | null {
    if (MlpKernel.probe === undefined) {
      const k = MlpKernel.create();
      MlpKernel.probe = typeof k === 'string' ? k : null;
    }
    return MlpKernel.probe;
  }

  private static probe: string | null | undefined;

  /** Byte address of `floats` fresh zeroed f32 slots (16-byte aligned). */
  alloc(floats: number): number {
    const at = this.top;
    const top = this.top + Math.ceil(floats / 4) * 16;
    const need = top - this.k.memory.buffer.byteLength;
    const limit = this.limit >= 1024 ** 3 ? `${(this.limit / 1024 ** 3).toFixed(1)} GiB` : `${(this.limit / 1024 ** 2).toFixed(1)} MiB`;
    const fail = () => new KernelMemoryError(`the training kernels need more than the ${limit} of one wasm memory for this data (fewer force structures would fit)`);
    if (top > this.limit) throw fail();
    if (need > 0) {
      try { this.k.memory.grow(Math.ceil(need / 65536)); } catch { throw fail(); }
    }
    this.top = top;
    return at;
  }

  /**
   * Frees everything allocated since `mark` (an earlier `bytes`), zeroed again so later allocations start
   * at zero as alloc promises: prediction uploads one batch of structures at a time into the same space.
   */
  release(mark: number): void {
    if (mark < HEAP_BASE || mark > this.top) throw new Error(`release mark ${mark} outside ${HEAP_BASE}…${this.top}`);
    this.f32.fill(0, mark / 4, this.top / 4);
    this.top = mark;
  }

  get f32(): Float32Array {
    if (this.f32View.buffer !== this.k.memory.buffer) this.f32View = new Float32Array(this.k.memory.buffer);
    return this.f32View;
  }

  get i32(): Int32Array {
    if (this.i32View.buffer !== this.k.memory.buffer) this.i32View = new Int32Array(this.k.memory.buffer);
    return this.i32View;
  }

  get bytes(): number {
    return this.top;
  }
}
