/**
 * Element scans in a worker thread: the server bundle starts itself as the worker (no second bundle
 * to ship), reads the files it is given and posts one result per file. Aborting terminates the
 * thread, so a scan of a large archive the user no longer needs stops at once.
 */
import { Worker, parentPort, workerData } from 'node:worker_threads';
import { setPriority } from 'node:os';
import { scanInProcess, scanOne, type Scanner } from './service/data-scanner';
import { fileStamp, type FileElements } from './service/element-cache';

/**
 * A scan still running after this long is stopped: its unread files are recorded without elements (until
 * they change), so a pathological data file costs one bounded scan rather than a core for as long as it is open.
 */
export const SCAN_TIME_LIMIT_MS = 30_000;

export function runScanWorker(): void {
  // Background work: on Linux this lowers only this thread, so the LSP thread keeps the CPU.
  try { setPriority(19); } catch { /* not permitted: run at normal priority */ }
  const files = (workerData as { files: string[] }).files;
  for (const f of files) parentPort?.postMessage(scanOne(f));
  parentPort?.postMessage('done');
}

/** A scanner that runs in a worker thread started from `bundlePath` (falls back to in-process). */
export function workerScanner(bundlePath: string, timeLimitMs = SCAN_TIME_LIMIT_MS): Scanner {
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
    const onAbort = () => { clearTimeout(timer); void worker.terminate(); reject(new Error('scan cancelled')); };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      void worker.terminate();
      const done = new Set(results.map((r) => r.path));
      resolve([...results, ...files.filter((f) => !done.has(f)).map((path) => ({ path, stamp: fileStamp(path), elements: [] }))]);
    }, timeLimitMs);
    signal.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: FileElements | 'done') => {
      if (m === 'done') { clearTimeout(timer); signal.removeEventListener('abort', onAbort); void worker.terminate(); resolve(results); } else results.push(m);
    });
    worker.on('error', (e) => { clearTimeout(timer); signal.removeEventListener('abort', onAbort); reject(e); });
  });
}
