/**
 * One worker's per-step exchange in shared memory, for a batch split by structure (a BNN's, ./split-bnn-step.ts,
 * or a single network's, ./split-network-step.ts): the main thread writes the parameters (x = [μ; ρ], or θ), the
 * batch and the trainer Rng's state, then bumps `seq`; the worker, waiting on `seq`, computes its share of the
 * step and writes its gradient part and its sums (per-sample NLLs, or Σe²), then sets `done` = seq. Why not messages: a step
 * is ~1 ms, and on this project's 2-core machine a postMessage round trip cost ~100 µs (25 µs to post, the rest
 * waking the worker's event loop and the reply), against ~15 µs here when both sides spin briefly before
 * sleeping in Atomics.wait (~75 µs when they sleep at once: a futex wake-up each way).
 * Spinning is only for threads that each have a core (`spin`), and adapts to how long waits turn out (SpinBudget):
 * a spinning thread on a shared core would take the time slice of the thread it waits for.
 */
import type { StepShare } from '../../kernels/bnn-parts';
import type { RngState } from '../../rng';

/** ctl words: sequence numbers, the batch, the Rng's four words, whether it holds a spare normal, the reply's status. */
const SEQ = 0, DONE = 1, BATCH = 2, RNG = 3, HAS_SPARE = 7, STATUS = 8, SIZE = 9, WORDS = 10;
/** `seq` value that tells the worker to leave its loop. */
const STOP = -1;
/**
 * How long a side spins before it sleeps, adapted per side: a wait that ended while spinning, or within SOON_MS
 * after the spin gave up, doubles the next budget (up to MAX_SPIN_MS, longer than a step's parts usually differ),
 * a longer one halves it (down to MIN_SPIN_MS). On a machine that other work loads, the thread waited for is often
 * off its core, and a long spin would only keep it off longer. Measured with one busy process beside a 2-thread
 * single network on 2 cores (train-ab det, 2 threads against 1): a fixed 0.5 ms spin 2.6× slower than one thread,
 * 0.02 ms 1.26×; adaptive with a 0.5 ms cap and "long" meaning over 1 ms 2.7×; this rule 1.46–1.66× (LRT 1.10–1.14×).
 * On the quiet machine the same rule left 80 % of the worker's pick-ups of a step under 10 µs (58 % with the 0.5 ms
 * cap, where a main thread late by over 0.5 ms sent the worker to sleep and its wake-up took 50–100 µs).
 */
const MAX_SPIN_MS = 2, MIN_SPIN_MS = 0.01, SOON_MS = 0.25;

/** The shared buffers, as they travel to the worker in its init message. */
export interface StepChannelBuffers { ctl: SharedArrayBuffer; f64: SharedArrayBuffer; x: SharedArrayBuffer; part: SharedArrayBuffer; spin: boolean }

/** One end's spin before sleeping (see MAX_SPIN_MS); 0 where the threads do not each have a core. */
class SpinBudget {
  private ms: number;
  constructor(spin: boolean) { this.ms = spin ? MAX_SPIN_MS : 0; }

  /** Waits until ctl[i] satisfies `ok`, spinning up to the budget first, then sleeping in Atomics.wait; returns the value. */
  await(ctl: Int32Array, i: number, ok: (v: number) => boolean): number {
    let v = Atomics.load(ctl, i);
    if (ok(v)) return v;
    const start = performance.now();
    if (this.ms > 0) {
      while (performance.now() - start < this.ms) {
        for (let k = 0; k < 64; k++) {
          if (ok((v = Atomics.load(ctl, i)))) {
            this.ms = Math.min(MAX_SPIN_MS, 2 * this.ms);
            return v;
          }
        }
      }
    }
    for (;;) {
      if (ok((v = Atomics.load(ctl, i)))) break;
      Atomics.wait(ctl, i, v);
    }
    // Slept: a wait that ended soon after the spin gave up wanted a longer spin; a long one (the other thread off
    // its core, or between epochs) a shorter.
    if (this.ms > 0) this.ms = performance.now() - start < this.ms + SOON_MS ? Math.min(MAX_SPIN_MS, 2 * this.ms) : Math.max(MIN_SPIN_MS, this.ms / 2);
    return v;
  }
}

export class StepChannel {
  private readonly ctl: Int32Array;
  /** [spare normal, the share's sums …] */
  private readonly f64: Float64Array;
  private readonly x: Float32Array;
  private readonly part: Float32Array;
  private seq = 0;
  /** This end's spin budget (each thread has its own end). */
  private readonly spin: SpinBudget;

  private constructor(readonly buffers: StepChannelBuffers) {
    this.ctl = new Int32Array(buffers.ctl);
    this.f64 = new Float64Array(buffers.f64);
    this.x = new Float32Array(buffers.x);
    this.part = new Float32Array(buffers.part);
    this.spin = new SpinBudget(buffers.spin);
  }

  /** A channel for parameters and gradient parts of `length` floats and `sums` sums (a BNN's samples, or 1). */
  static create(length: number, sums: number, spin: boolean): StepChannel {
    return new StepChannel({
      ctl: new SharedArrayBuffer(4 * WORDS), f64: new SharedArrayBuffer(8 * (1 + sums)),
      x: new SharedArrayBuffer(4 * length), part: new SharedArrayBuffer(4 * length), spin,
    });
  }

  /** The worker's end of a channel the main thread created. */
  static attach(buffers: StepChannelBuffers): StepChannel {
    return new StepChannel(buffers);
  }

  // The main thread's end.

  /** Hands the worker a step: the parameters x, batch bi and the Rng state before the step. */
  post(x: Float32Array, bi: number, rng: RngState): void {
    this.x.set(x);
    const c = this.ctl;
    c[BATCH] = bi;
    for (let k = 0; k < 4; k++) c[RNG + k] = rng[k] as number;
    c[HAS_SPARE] = rng[4] === null ? 0 : 1;
    this.f64[0] = rng[4] ?? 0;
    this.seq = this.seq === 0x7fffffff ? 1 : this.seq + 1;
    Atomics.store(c, SEQ, this.seq);
    Atomics.notify(c, SEQ);
  }

  /** The worker's share of the last step posted (views of the shared buffers, valid until the next post), or null if it failed. */
  collect(): StepShare | null {
    const seq = this.seq;
    this.spin.await(this.ctl, DONE, (v) => v === seq);
    if (this.ctl[STATUS] !== 0) return null;
    return { part: this.part, perRow: this.f64.subarray(1), size: this.ctl[SIZE] };
  }

  /** Tells the worker to leave its loop. */
  stop(): void {
    Atomics.store(this.ctl, SEQ, STOP);
    Atomics.notify(this.ctl, SEQ);
  }

  // The worker's end.

  /**
   * Serves steps until stop(): waits for each, computes it with `share` and writes the reply; an exception
   * is reported through `fail` (the main thread finds status 1 and reads the message there) and ends the loop.
   */
  serve(share: (x: Float32Array, bi: number, rng: RngState) => StepShare, fail: (e: unknown) => void): void {
    const c = this.ctl;
    for (let seen = 0; ;) {
      const last = seen;
      seen = this.spin.await(c, SEQ, (v) => v !== last);
      if (seen === STOP) return;
      let ok = true;
      try {
        const rng: RngState = [c[RNG] >>> 0, c[RNG + 1] >>> 0, c[RNG + 2] >>> 0, c[RNG + 3] >>> 0, c[HAS_SPARE] ? this.f64[0] : null];
        const s = share(this.x, c[BATCH], rng);
        this.part.set(s.part);
        this.f64.set(s.perRow, 1);
        c[SIZE] = s.size;
      } catch (e) {
        ok = false;
        fail(e);
      }
      c[STATUS] = ok ? 0 : 1;
      Atomics.store(c, DONE, seen);
      Atomics.notify(c, DONE);
      if (!ok) return;
    }
  }
}
