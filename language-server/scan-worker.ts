/**
 * Element scans in a worker thread: the server bundle starts itself as the worker (no second bundle
 * to ship), reads the files it is given and posts one result per file. Aborting terminates the
 * thread, so a scan of a large archive the user no longer needs stops at once.
 */
import { Worker, parentPort, workerData } from 'node:worker_threads';
import { setPriority } from 'node:os';
import { scanInProcess, scanOne, type Scanner } from './service/data-scanner';
import type { FileElements } from './service/element-cache';

export function runScanWorker(): void {
  // Background work: on Linux this lowers only this thread, so the LSP thread keeps the CPU.
  try { setPriority(19); } catch { /* not permitted: run at normal priority */ }
  const files = (workerData as { files: string[] }).files;
  for (const f of files) parentPort?.postMessage(scanOne(f));
  parentPort?.postMessage('done');
}

/** A scanner that runs in a worker thread started from `bundlePath` (falls back to in-process). */
export function workerScanner(bundlePath: string): Scanner {
  if (!bundlePath.endsWith('.js')) return scanInProcess;
  return (files, signal) => new Promise<FileElements[]>((resolve, reject) => {
    const results: FileElements[] = [];
    let worker: Worker;
    try {
      worker = new Worker(bundlePath, { workerData: { files, mlipUqScan: true } });
    } catch {
      scanInProcess(files, signal).then(resolve, reject);
      return;
    }
    const onAbort = () => { void worker.terminate(); reject(new Error('scan cancelled')); };
    signal.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: FileElements | 'done') => {
      if (m === 'done') { signal.removeEventListener('abort', onAbort); void worker.terminate(); resolve(results); } else results.push(m);
    });
    worker.on('error', (e) => { signal.removeEventListener('abort', onAbort); reject(e); });
  });
}
