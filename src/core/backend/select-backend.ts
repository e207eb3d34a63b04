/**
 * Picks the TensorFlow.js backend for a run: native TensorFlow (tfjs-node) when it loads, else the wasm
 * backend (its binary ships inside the npm package), else the pure JavaScript one. What was tried and why
 * the winner won is returned so the runner can make it the first event of every run.
 */
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients (the umbrella package does); training needs them all.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { LocatedError } from '../errors';
import type { BackendName } from '../../protocol/events';

export type BackendChoice = 'auto' | BackendName;

export interface BackendInfo {
  name: BackendName;
  reason: string;
  versions: Record<string, string>;
  threads: number;
}

export interface BackendRequest {
  backend: BackendChoice;
  /** Threads wanted (wasm only honours it before its first initialisation); 0 or absent: library default. */
  threads?: number;
  /** Where the choice came from, for a located error when an explicit backend is unavailable. */
  source?: { file?: string; field?: string };
}

type Attempt = { ok: true; info: BackendInfo } | { ok: false; why: string };

function versionOf(pkg: string): string | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    return undefined;
  }
}

function baseVersions(): Record<string, string> {
  const v: Record<string, string> = { 'tfjs-core': tf.version_core, node: process.versions.node };
  return v;
}

function message(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.split('\n')[0];
}

async function tryTensorflow(): Promise<Attempt> {
  try {
    // Native bindings: loaded only here, in the runner process, and only when installed.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('@tensorflow/tfjs-node');
  } catch (e) {
    return { ok: false, why: `tfjs-node not loadable (${message(e)})` };
  }
  // tfjs-node registers itself on its own copy of tfjs-core; it is usable only if that copy is ours.
  if (!tf.findBackend('tensorflow') && !(await tf.setBackend('tensorflow').catch(() => false))) {
    return { ok: false, why: 'tfjs-node loaded but registered no "tensorflow" backend with this tfjs-core' };
  }
  if (!(await tf.setBackend('tensorflow'))) return { ok: false, why: 'tfjs-node backend failed to initialise' };
  const versions = { ...baseVersions(), 'tfjs-node': versionOf('@tensorflow/tfjs-node') ?? 'unknown' };
  return { ok: true, info: { name: 'tensorflow', reason: 'tfjs-node loaded (native TensorFlow)', versions, threads: 0 } };
}

async function tryWasm(threads: number | undefined): Promise<Attempt> {
  let wasm: typeof import('@tensorflow/tfjs-backend-wasm');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    wasm = require('@tensorflow/tfjs-backend-wasm');
  } catch (e) {
    return { ok: false, why: `tfjs-backend-wasm not loadable (${message(e)})` };
  }
  let threadNote = '';
  if (threads && threads > 0) {
    try {
      wasm.setThreadsCount(threads);
    } catch (e) {
      threadNote = `; setThreadsCount(${threads}) failed: ${message(e)}`;
    }
  }
  let ok = false;
  try {
    ok = await tf.setBackend('wasm');
  } catch (e) {
    return { ok: false, why: `wasm backend failed to initialise (${message(e)})` };
  }
  if (!ok) return { ok: false, why: 'wasm backend failed to initialise' };
  const actual = wasm.getThreadsCount();
  if (threads && threads > 0 && actual !== threads && !threadNote) {
    // Node has no SharedArrayBuffer-backed workers for the threaded build here: the SIMD build runs single-threaded.
    threadNote = `; asked for ${threads} threads, wasm runs ${actual} (threaded build not available in this process)`;
  }
  const versions = { ...baseVersions(), 'tfjs-backend-wasm': wasm.version_wasm };
  return { ok: true, info: { name: 'wasm', reason: `wasm backend loaded${threadNote}`, versions, threads: actual } };
}

async function tryCpu(): Promise<Attempt> {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('@tensorflow/tfjs-backend-cpu');
    // Silences the "install tfjs-node" banner the cpu backend prints in Node; we report the choice ourselves.
    tf.env().set('PROD', true);
    if (!(await tf.setBackend('cpu'))) return { ok: false, why: 'cpu backend failed to initialise' };
  } catch (e) {
    return { ok: false, why: `tfjs-backend-cpu not loadable (${message(e)})` };
  }
  const versions = { ...baseVersions(), 'tfjs-backend-cpu': versionOf('@tensorflow/tfjs-backend-cpu') ?? 'unknown' };
  return { ok: true, info: { name: 'cpu', reason: 'pure JavaScript cpu backend', versions, threads: 1 } };
}

const attempts: Record<BackendName, (threads?: number) => Promise<Attempt>> = {
  tensorflow: tryTensorflow,
  wasm: tryWasm,
  cpu: tryCpu,
};

/** Activates a backend and says which and why. An explicitly requested backend that cannot load is an error. */
export async function selectBackend(req: BackendRequest): Promise<BackendInfo> {
  if (req.backend !== 'auto') {
    const a = await attempts[req.backend](req.threads);
    if (a.ok) return { ...a.info, reason: `requested in config; ${a.info.reason}` };
    throw new LocatedError(`backend "${req.backend}" is not available: ${a.why}`,
      { file: req.source?.file, field: req.source?.field ?? 'training.backend' }, 'auto, or a backend that loads here');
  }
  const why: string[] = [];
  for (const name of ['tensorflow', 'wasm', 'cpu'] as const) {
    const a = await attempts[name](req.threads);
    if (a.ok) return { ...a.info, reason: why.length ? `${why.join('; ')}; ${a.info.reason}` : a.info.reason };
    why.push(a.why);
  }
  throw new LocatedError(`no TensorFlow.js backend could be loaded: ${why.join('; ')}`, { field: 'training.backend' });
}
