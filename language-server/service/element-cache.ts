/**
 * Elements per structure file, cached by path + modification time + size. Lookups are synchronous and
 * cheap (a stat per file, at most every `restatMs`); filling the cache is someone else's job (a
 * background scan), so a diagnostics request never reads structure data itself.
 */
import { statSync } from 'node:fs';

export interface FileElements { path: string; stamp: string; elements: string[] }

export function fileStamp(path: string): string {
  try {
    const st = statSync(path);
    return `${st.mtimeMs}:${st.size}`;
  } catch {
    return 'missing';
  }
}

export class ElementCache {
  private readonly byPath = new Map<string, { stamp: string; elements: string[] }>();
  private readonly checked = new Map<string, { at: number; stamp: string }>();

  constructor(private readonly restatMs = 1000, private readonly now: () => number = Date.now) {}

  private currentStamp(path: string): string {
    const c = this.checked.get(path);
    const t = this.now();
    if (c && t - c.at < this.restatMs) return c.stamp;
    const stamp = fileStamp(path);
    this.checked.set(path, { at: t, stamp });
    return stamp;
  }

  /** The union of the files' elements, or undefined when any file is not cached at its current version. */
  elementsOf(files: readonly string[]): ReadonlySet<string> | undefined {
    const out = new Set<string>();
    for (const f of files) {
      const hit = this.byPath.get(f);
      if (!hit || hit.stamp !== this.currentStamp(f)) return undefined;
      for (const e of hit.elements) out.add(e);
    }
    return out;
  }

  /** Files whose elements are unknown or stale. */
  missing(files: readonly string[]): string[] {
    return files.filter((f) => {
      const hit = this.byPath.get(f);
      return !hit || hit.stamp !== this.currentStamp(f);
    });
  }

  store(results: readonly FileElements[]): void {
    for (const r of results) {
      this.byPath.set(r.path, { stamp: r.stamp, elements: r.elements });
      this.checked.set(r.path, { at: this.now(), stamp: r.stamp });
    }
  }

  /** Every element seen in the given files so far (for completion; partial results are fine there). */
  knownElements(files: readonly string[]): string[] {
    const out = new Set<string>();
    for (const f of files) for (const e of this.byPath.get(f)?.elements ?? []) out.add(e);
    return [...out].sort();
  }
}
