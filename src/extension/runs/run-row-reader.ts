/**
 * The runs table's rows from the runs the Runs view lists: each run's config.resolved.json and report are
 * read and handed to src/core/report/run-rows.ts. No vscode import (unit-tested on real run directories).
 * Parsed files are kept while their size and modification time stay the same: a live run refreshes the
 * table twice a second, and nothing else's report or config changes meanwhile.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildRunRow } from '../../core/report/run-rows';
import { readReport } from '../../core/report/read-report';
import { RUN_FILES } from '../../protocol/run-dir';
import type { UqReport } from '../../protocol/report';
import type { RunRow } from '../../protocol/runs-table';
import type { RunSummary } from '../../core/run-dir/run-summary';

/** What run-records.ts says about one run (kept structural so this file needs no vscode). */
export interface RunRowSource {
  runDir: string;
  summary: RunSummary;
  active: boolean;
  resumable: boolean;
  reportFile?: string;
}

class FileCache<T> {
  private readonly entries = new Map<string, { stamp: string; value: T | undefined }>();
  /** How many times a file was parsed (for the tests of the cache). */
  parses = 0;
  constructor(private readonly parse: (file: string) => T) {}

  get(file: string): T | undefined {
    let stamp: string;
    try { const st = statSync(file); stamp = `${st.size}:${st.mtimeMs}`; } catch { this.entries.delete(file); return undefined; }
    const hit = this.entries.get(file);
    if (hit?.stamp === stamp) return hit.value;
    let value: T | undefined;
    this.parses++;
    // Unreadable or invalid: the row shows what the events say (the viewer explains the report's fault when opened).
    try { value = this.parse(file); } catch { value = undefined; }
    this.entries.set(file, { stamp, value });
    return value;
  }
}

export class RunRowReader {
  readonly reports = new FileCache<UqReport>((f) => readReport({ path: f }));
  readonly configs = new FileCache<unknown>((f) => JSON.parse(readFileSync(f, 'utf8')) as unknown);

  rows(runs: readonly RunRowSource[]): RunRow[] {
    return runs.map((r) => buildRunRow({
      runDir: r.runDir, summary: r.summary, active: r.active, resumable: r.resumable,
      ...(r.reportFile ? { reportFile: r.reportFile, report: this.reports.get(r.reportFile) } : {}),
      config: this.configs.get(join(r.runDir, RUN_FILES.config)),
    }));
  }
}
