/**
 * Worker threads for a deep ensemble's members (or parts of a BNN's batches), driven synchronously (the training loop's epochs are
 * synchronous): requests go out with postMessage, the main thread blocks in Atomics.wait on a shared flag per
 * worker and reads the reply with receiveMessageOnPort. The main thread trains the first range of members
 * itself while the workers train theirs, so `threads` counts it. A BNN's workers answer once per step
 * through shared memory instead (./step-channel.ts, ./split-bnn-step.ts).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { AdamState } from '../adam';
import type { MemberReply, MemberRequest, WorkerInit } from './member-protocol';

/**
 * The worker's code: it loads the worker script beside the bundle (dist/train-worker.js), or else the
 * TypeScript source through tsx's require hook (a worker does not inherit `--import tsx` for its entry);
 * a script that fails to load still raises its flag with the error, so the blocked main thread hears of it.
 */
function workerCode(): string {
  const bundled = join(__dirname, 'train-worker.js');
  const load = existsSync(bundled)
    ? `require(${JSON.stringify(bundled)});`
    : `require(require.resolve('tsx/cjs', { paths: [${JSON.stringify(__dirname)}] })); require(${JSON.stringify(join(__dirname, 'member-worker.ts'))});`;
  return `const { workerData: d } = require('node:worker_threads');
try { ${load} } catch (e) {
  d.port.postMessage({ type: 'error', message: String((e && e.stack) || e) });
  Atomics.store(d.flags, d.index, 1); Atomics.notify(d.flags, d.index);
}`;
}

/** How long a worker may take to load and copy its data into kernel memory. */
const READY_MS = 120_000;

export class MemberThreads {
  private readonly flags = new Int32Array(new SharedArrayBuffer(4 * 64));
  private readonly workers: Worker[] = [];
  private readonly ports: MessagePort[] = [];

  /** Starts one worker per init and waits until each has built its kernel path; throws with a worker's error. */
  constructor(inits: readonly WorkerInit[]) {
    if (inits.length > this.flags.length) throw new Error(`at most ${this.flags.length} member workers`);
    const code = workerCode();
    try {
      inits.forEach((init, index) => {
        const { port1, port2 } = new MessageChannel();
        const worker = new Worker(code, { eval: true, workerData: { port: port2, flags: this.flags, index }, transferList: [port2] });
        worker.unref();
        this.workers.push(worker);
        this.ports.push(port1);
        this.send(index, init);
      });
      this.workers.forEach((_, i) => this.expect(i, 'ready', READY_MS));
    } catch (e) {
      this.dispose();
      throw e;
    }
  }

  get count(): number { return this.workers.length; }

  /** Sends an epoch to every worker (θ slices are transferred); collect() waits for them. */
  startEpoch(thetas: Float32Array[], order: readonly number[], learningRate: number): void {
    thetas.forEach((theta, i) => this.send(i, { type: 'epoch', theta, order, learningRate }, [theta.buffer as ArrayBuffer]));
  }

  /** Per worker: θ after the epoch and the members' losses per batch [batch][member]. */
  collect(): { theta: Float32Array; perRow: Float64Array }[] {
    return this.workers.map((_, i) => {
      const r = this.expect(i, 'epoch');
      return { theta: r.theta, perRow: r.perRow };
    });
  }

  /** Throws worker i's error message (a BNN worker whose step channel reported a failure). */
  raise(i: number): never {
    const got = receiveMessageOnPort(this.ports[i]);
    const r = got?.message as MemberReply | undefined;
    throw new Error(`member worker ${i}: ${r?.type === 'error' ? r.message : 'its step failed without a message'}`);
  }

  states(): AdamState[] {
    this.workers.forEach((_, i) => this.send(i, { type: 'state' }));
    return this.workers.map((_, i) => this.expect(i, 'state').state);
  }

  restore(states: readonly AdamState[]): void {
    states.forEach((state, i) => this.send(i, { type: 'restore', state }));
    this.workers.forEach((_, i) => this.expect(i, 'restored'));
  }

  dispose(): void {
    for (const w of this.workers) void w.terminate();
    for (const p of this.ports) p.close();
    this.workers.length = 0;
    this.ports.length = 0;
  }

  private send(i: number, req: MemberRequest, transfer: ArrayBuffer[] = []): void {
    this.ports[i].postMessage(req, transfer);
  }

  /** Blocks until worker i replies; its reply, which must be of type `type`. */
  private expect<T extends MemberReply['type']>(i: number, type: T, timeoutMs = Infinity): Extract<MemberReply, { type: T }> {
    // Errors come back as replies (the worker catches them); the timeout guards only a start that never ends.
    // Wait until the flag is up, not merely until a wake-up: the worker's notify for its previous reply can land
    // late, after this wait began (a worker preempted between raising its flag and notifying), with no reply yet.
    const deadline = Date.now() + timeoutMs;
    while (Atomics.load(this.flags, i) === 0) {
      const left = deadline - Date.now();
      if (left <= 0 || Atomics.wait(this.flags, i, 0, left) === 'timed-out') throw new Error(`member worker ${i} did not answer within ${timeoutMs / 1000} s`);
    }
    Atomics.store(this.flags, i, 0);
    const got = receiveMessageOnPort(this.ports[i]);
    if (!got) throw new Error(`member worker ${i} raised its flag without a reply`);
    const r = got.message as MemberReply;
    if (r.type === 'error') throw new Error(`member worker ${i}: ${r.message}`);
    if (r.type !== type) throw new Error(`member worker ${i} replied ${r.type}, expected ${type}`);
    return r as Extract<MemberReply, { type: T }>;
  }
}
