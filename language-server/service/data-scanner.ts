/**
 * Reads the elements of structure files off the request path. `scanInProcess` yields to the event
 * loop between files and stops when aborted; the server runs the same work in a worker thread
 * (scan-worker.ts) so even one large archive never delays a keystroke.
 */
import { scanFileElements } from '../../src/core/config';
import { fileStamp, type FileElements } from './element-cache';

export type Scanner = (files: readonly string[], signal: AbortSignal) => Promise<FileElements[]>;

export const scanInProcess: Scanner = async (files, signal) => {
  const out: FileElements[] = [];
  for (const path of files) {
    await new Promise<void>((r) => setImmediate(r));
    if (signal.aborted) throw new Error('scan cancelled');
    out.push(scanOne(path));
  }
  return out;
};

export function scanOne(path: string): FileElements {
  const stamp = fileStamp(path);
  return { path, stamp, elements: [...scanFileElements(path)].sort() };
}
