/**
 * Garbage per training epoch: the bytes a one-thread trainer allocates each epoch (and what the runner's
 * per-epoch checkpoint and epoch event add), on the 1,000 TiO2 structures (80/10/10 split, 2×15 tanh, batch 64,
 * energy only) for the paper-tuned LRT BNN, Flipout, radial and a 10-member ensemble. Garbage is what keeps
 * V8's collector threads busy beside the training thread, so parallel trials on few cores fight for it.
 *
 *   node --import tsx test/bench/train-garbage.ts [lrt|flipout|radial|ensemble ...] [--epochs N] [--stores] [--sites]
 *
 * Two measures, per epoch over N epochs (40; the median of three rounds) after five warm-up epochs (the second with --stores or --sites, in a run of its own):
 * - JS heap: Σ over the GCs of v8.GCProfiler of (used heap before this GC − used heap after the previous one),
 *   plus the rise after the last: every byte allocated on the V8 heap, whether it was freed or not.
 * - typed-array stores: the bytes of every Float32Array/Float64Array/… and ArrayBuffer created with its own
 *   store (the constructors, slice, map, filter, from), counted by wrapping them before the project loads.
 *   Stores above 64 bytes live outside the JS heap, so the first measure misses them.
 * Also the scavenges and mark-compacts per epoch. `--sites`: the ten call sites allocating most typed-array
 * bytes and the ten functions allocating most JS heap (V8's sampling heap profiler, objects freed since kept).
 */
import { GCProfiler, getHeapStatistics } from 'node:v8';
import { Session } from 'node:inspector';

const stores = { bytes: 0, sites: null as Map<string, number> | null };

function site(): string {
  const lines = (new Error().stack ?? '').split('\n').slice(3);
  const own = lines.find((l) => !l.includes('train-garbage.ts')) ?? '';
  return own.trim().replace(/^at /, '').replace(/\(?(?:file:\/\/)?\/[^)]*\/(src|test)\//, '$1/').replace(/\)$/, '');
}

function count(bytes: number): void {
  stores.bytes += bytes;
  if (stores.sites) {
    const s = site();
    stores.sites.set(s, (stores.sites.get(s) ?? 0) + bytes);
  }
}

/** Wraps every typed-array constructor (and ArrayBuffer) so each new store is counted; views on a given buffer are not. */
function countTypedArrays(): void {
  const g = globalThis as unknown as Record<string, unknown>;
  const names = ['Float32Array', 'Float64Array', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'BigInt64Array', 'BigUint64Array'];
  for (const name of names) {
    const T = g[name] as new (...a: unknown[]) => ArrayBufferView;
    const wrapped: typeof T = new Proxy(T, {
      construct(target, args, newTarget) {
        const r = Reflect.construct(target, args, newTarget === wrapped ? target : newTarget) as ArrayBufferView;
        if (!(args[0] instanceof ArrayBuffer) && !(typeof SharedArrayBuffer !== 'undefined' && args[0] instanceof SharedArrayBuffer)) count(r.byteLength);
        return r;
      },
    });
    g[name] = wrapped;
    for (const from of ['from', 'of'] as const) {
      const f = (T as unknown as Record<string, (...a: unknown[]) => ArrayBufferView>)[from];
      Object.defineProperty(T, from, { value: function (this: unknown, ...a: unknown[]) { const r = f.apply(this, a); count(r.byteLength); return r; }, configurable: true, writable: true });
    }
  }
  const proto = Object.getPrototypeOf(Float32Array.prototype) as Record<string, (...a: unknown[]) => ArrayBufferView>;
  for (const m of ['slice', 'map', 'filter'] as const) {
    const f = proto[m];
    Object.defineProperty(proto, m, { value: function (this: unknown, ...a: unknown[]) { const r = f.apply(this, a); count(r.byteLength); return r; }, configurable: true, writable: true });
  }
  const AB = ArrayBuffer;
  const wrappedAB: typeof AB = new Proxy(AB, {
    construct(target, args, newTarget) {
      const r = Reflect.construct(target, args, newTarget === wrappedAB ? target : newTarget) as ArrayBuffer;
      count(r.byteLength);
      return r;
    },
  });
  g.ArrayBuffer = wrappedAB;
  const abSlice = AB.prototype.slice;
  Object.defineProperty(AB.prototype, 'slice', { value: function (this: ArrayBuffer, ...a: [number?, number?]) { const r = abSlice.apply(this, a); count(r.byteLength); return r; }, configurable: true, writable: true });
}

interface Measured { heap: number; stores: number; scavenges: number; markCompacts: number }

/** Runs `f` and returns what it allocated (see the header) and the collections it caused. */
function measure(f: () => void): Measured {
  const profiler = new GCProfiler();
  const used0 = getHeapStatistics().used_heap_size;
  const stores0 = stores.bytes;
  profiler.start();
  f();
  const used1 = getHeapStatistics().used_heap_size;
  const data = profiler.stop() as unknown as { statistics: { gcType: string; beforeGC: { heapStatistics: { usedHeapSize: number } }; afterGC: { heapStatistics: { usedHeapSize: number } } }[] };
  let heap = 0, last = used0, scavenges = 0, markCompacts = 0;
  for (const s of data.statistics) {
    heap += Math.max(0, s.beforeGC.heapStatistics.usedHeapSize - last);
    last = s.afterGC.heapStatistics.usedHeapSize;
    if (s.gcType === 'Scavenge' || s.gcType === 'MinorMarkCompact') scavenges++;
    else if (s.gcType === 'MarkSweepCompact') markCompacts++;
  }
  heap += Math.max(0, used1 - last);
  return { heap, stores: stores.bytes - stores0, scavenges, markCompacts };
}

/** The round (of three) with the median heap (or store) bytes. */
function medianOf(round: () => Measured): Measured {
  const rounds = [round(), round(), round()];
  const key = (m: Measured) => m.heap + m.stores;
  return rounds.sort((a, b) => key(a) - key(b))[1];
}

async function heapSites<T>(f: () => T): Promise<[T, { name: string; bytes: number }[]]> {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) => new Promise<unknown>((res, rej) => session.post(method, params ?? {}, (e, r) => (e ? rej(e) : res(r))));
  await post('HeapProfiler.enable');
  await post('HeapProfiler.startSampling', { samplingInterval: 256, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  const out = f();
  const { profile } = await post('HeapProfiler.stopSampling') as { profile: { head: Node } };
  interface Node { callFrame: { functionName: string; url: string; lineNumber: number }; selfSize: number; children: Node[] }
  const by = new Map<string, number>();
  const walk = (n: Node) => {
    const name = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/(src|test)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;
    by.set(name, (by.get(name) ?? 0) + n.selfSize);
    n.children.forEach(walk);
  };
  walk(profile.head);
  session.disconnect();
  return [out, [...by].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes).slice(0, 10)];
}

const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const epochsAt = args.indexOf('--epochs');
  const epochs = epochsAt >= 0 ? Number(args[epochsAt + 1]) : 40;
  const sites = args.includes('--sites');
  const counting = args.includes('--stores') || sites;
  const which = args.filter((a, i) => !a.startsWith('--') && (epochsAt < 0 || i !== epochsAt + 1));
  // Wrapping the constructors changes how V8 optimises the code that uses them (more heap garbage than without):
  // the heap figures are taken from a run without --stores.
  if (counting) countTypedArrays();
  // Loaded after the wrapping, so the project's typed arrays are the counted ones.
  const { selectBackend } = await import('../../src/core/backend/select-backend');
  const { createModel } = await import('../../src/core/estimators/create-model');
  const { Trainer } = await import('../../src/core/training/trainer');
  const { encodeCheckpoint } = await import('../../src/core/training/checkpoint');
  const { predictSamples } = await import('../../src/core/training/evaluate');
  const { ELEMENTS, tio2Bench } = await import('./train-fixture');
  type ModelSpec = import('../../src/core/models/potential').ModelSpec;
  type BnnTrainingOptions = import('../../src/core/training/options').BnnTrainingOptions;
  await selectBackend({ backend: 'wasm', threads: 1 });
  const { data } = tio2Bench({ train: 0.8, validation: 0.1, test: 0.1 }, 0);
  const base = { elements: ELEMENTS, dims: [56, 56], hidden: [15, 15], activation: 'tanh' as const, seed: 1 };
  // examples/tio2-lrt.mlip.yaml's tuned values (the other estimators with the same ones).
  const bnn: BnnTrainingOptions = { sigmaEnergy: 0.132, sigmaForces: 1, weighting: 'paper', likelihood: 'total', trainSamples: 2, predictSamples: 20 };
  const bnnSpec = (estimator: 'lrt' | 'flipout' | 'radial'): ModelSpec => ({ ...base, kind: 'bnn', members: 1, estimator, priorScale: 0.209, qScale: 2.27e-4 });
  const cases: Record<string, [ModelSpec, BnnTrainingOptions | null]> = {
    lrt: [bnnSpec('lrt'), bnn], flipout: [bnnSpec('flipout'), bnn], radial: [bnnSpec('radial'), bnn],
    ensemble: [{ ...base, kind: 'ensemble', members: 10 }, null],
  };
  console.log(`node ${process.version}; ${data.train.length} training, ${data.validation.length} validation structures; ${epochs} epochs after 5 warm-up; per epoch:`);
  for (const name of which.length ? which : Object.keys(cases)) {
    const [spec, b] = cases[name];
    const model = createModel(spec);
    const trainer = new Trainer(model, data.train, data.validation, data.std, {
      batchSize: 64, adam: { learningRate: 4.93e-5, beta1: 0.95, beta2: 0.999, epsilon: 1e-7, weightDecay: 0, clip: 15 },
      alpha: 0, patience: 500, minDelta: 0, seed: 1, bnn: b, bootstrap: false, energyScale: data.norm.scale, shuffle: false, threads: 1,
    });
    // What the runner does after each epoch besides its small event lines: the checkpoint's text, as bytes to write.
    const checkpoint = () => Buffer.from(encodeCheckpoint(trainer.state(), { configHash: 'x'.repeat(64) })).length;
    for (let i = 0; i < 5; i++) { trainer.runEpoch(); checkpoint(); }
    // Three rounds, the median's kept: a round now and then counts a collection's leftovers or the optimiser's own allocations.
    const train = medianOf(() => measure(() => { for (let i = 0; i < epochs; i++) trainer.runEpoch(); }));
    const ckpt = medianOf(() => measure(() => { for (let i = 0; i < epochs; i++) checkpoint(); }));
    const per = (m: Measured) => `${counting ? `stores ${kb(m.stores / epochs)}` : `heap ${kb(m.heap / epochs)}`}, ${(m.scavenges / epochs).toFixed(2)} scavenges${m.markCompacts ? `, ${(m.markCompacts / epochs).toFixed(2)} mark-compacts` : ''}`;
    // The runner's calibration snapshot (every evaluation.calibration_every epochs): the validation set's predictions.
    const snapshot = () => predictSamples(model, data.validation, data.std, data.norm, { forces: false, samples: b ? b.predictSamples : 1, seed: 78, ddof: b ? 1 : 0 });
    snapshot();
    const snap = medianOf(() => measure(() => { for (let i = 0; i < 3; i++) snapshot(); }));
    const perSnap = counting ? `${kb(snap.stores / 3)} stores` : `${kb(snap.heap / 3)} heap`;
    console.log(`${name.padEnd(9)} ${trainer.engine.name} (${trainer.engine.threads ?? 1} thread): epoch ${per(train)}; checkpoint ${per(ckpt)}; calibration snapshot ${perSnap}`);
    if (sites) {
      // The heap first: the stack traces that name a store's call site allocate on the heap themselves.
      const [, heap] = await heapSites(() => { for (let i = 0; i < epochs; i++) { trainer.runEpoch(); checkpoint(); } });
      stores.sites = new Map();
      for (let i = 0; i < epochs; i++) { trainer.runEpoch(); checkpoint(); }
      const top = [...stores.sites].sort((a, b) => b[1] - a[1]).slice(0, 10);
      stores.sites = null;
      console.log('  typed-array stores by call site (per epoch, epoch + checkpoint):');
      for (const [s, bytes] of top) console.log(`    ${kb(bytes / epochs).padStart(10)}  ${s}`);
      console.log('  JS heap by function (sampled, per epoch, epoch + checkpoint):');
      for (const h of heap) console.log(`    ${kb(h.bytes / epochs).padStart(10)}  ${h.name}`);
    }
    trainer.dispose(); model.dispose();
  }
}
main().catch((e: unknown) => { console.error(e); process.exitCode = 1; });
