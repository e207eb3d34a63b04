/**
 * Writes the ensemble's own run directory from its finished member runs (members/member-NN/): the config
 * and split (the same in every member), model.json with the members' weights stacked, predictions.json
 * and ood-thresholds.json mixed from the members' (src/core/member-jobs), events.ndjson, and the report
 * built from them as for any run. predict, report, export and the editor then take it as one ensemble run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { writeFileAtomic } from '../../core/atomic-write';
import { LocatedError } from '../../core/errors';
import { parseJson } from '../../core/json/parse-json';
import { memberRunDir, mergeMemberEvents, mergeMemberModels, mergeMemberPredictions, mergeOodThresholds, testSummary } from '../../core/member-jobs';
import { decodeModel, encodeModel } from '../../core/models/saved-model';
import { readEventLines } from '../../core/run-dir/read-run-dir';
import type { OodThresholds } from '../../core/selection/ood';
import type { FinishedEvent, StopReason } from '../../protocol/events';
import type { RunPredictionsFile } from '../../protocol/report';
import { RUN_FILES } from '../../protocol/run-dir';
import { EventLog } from '../event-log';

export interface MergeFacts {
  members: number;
  configHash: string;
  configFile: string;
  executor: string;
  /** Date.now() when the ensemble run (its first part) started. */
  startedAt: number;
}

/** Member k's run directory (absolute). */
export const memberDir = (runDir: string, k: number, members: number) => join(runDir, memberRunDir(k, members));

/** A file every member has: read, and (for the files that must agree) the same text in every member. */
function sameInEvery(runDir: string, M: number, name: string): string {
  const texts = Array.from({ length: M }, (_, k) => readFileSync(join(memberDir(runDir, k, M), name), 'utf8'));
  const k = texts.findIndex((t) => t !== texts[0]);
  if (k > 0) throw new LocatedError(`member ${k + 1}'s ${name} differs from member 1's`, { file: join(memberDir(runDir, k, M), name) }, 'members of one config on the same data');
  return texts[0];
}

export async function writeMergedRun(runDir: string, f: MergeFacts): Promise<{ status: StopReason; summary: Record<string, number> }> {
  const M = f.members;
  const dirs = Array.from({ length: M }, (_, k) => memberDir(runDir, k, M));
  writeFileAtomic(join(runDir, RUN_FILES.config), sameInEvery(runDir, M, RUN_FILES.config));
  writeFileAtomic(join(runDir, RUN_FILES.split), sameInEvery(runDir, M, RUN_FILES.split));
  const modelFiles = dirs.map((d) => join(d, RUN_FILES.model));
  const model = mergeMemberModels(modelFiles.map((file) => decodeModel(readFileSync(file, 'utf8'), file)), modelFiles);
  writeFileAtomic(join(runDir, RUN_FILES.model), encodeModel(model));
  const predFiles = dirs.map((d) => join(d, RUN_FILES.predictions));
  const predictions = mergeMemberPredictions(predFiles.map((file) => parseJson(readFileSync(file, 'utf8'), file) as RunPredictionsFile), predFiles);
  writeFileAtomic(join(runDir, RUN_FILES.predictions), JSON.stringify(predictions));
  const ood = join(dirs[0], RUN_FILES.ood);
  if (existsSync(ood)) writeFileAtomic(join(runDir, RUN_FILES.ood), JSON.stringify(mergeOodThresholds(JSON.parse(readFileSync(ood, 'utf8')) as OodThresholds, predictions), null, 1));

  const summary = testSummary(predictions);
  const bodies = mergeMemberEvents(dirs.map((d) => readEventLines(join(d, RUN_FILES.events))), {
    configHash: f.configHash, configFile: f.configFile, executor: f.executor, seconds: (Date.now() - f.startedAt) / 1000, report: RUN_FILES.report, summary,
  });
  const finished = bodies.pop() as Omit<FinishedEvent, 'v' | 't' | 'run'>;
  writeFileAtomic(join(runDir, RUN_FILES.events), '');
  const log = new EventLog(join(runDir, RUN_FILES.events), basename(runDir));
  for (const b of bodies) log.emit(b);
  // As train does: the report before the `finished` event, told the outcome that event will carry.
  try {
    const r = await import('../../core/report');
    r.writeReportFile(join(runDir, RUN_FILES.report), r.buildReport(r.readRunDirInputs(runDir, { outcome: { stopped: finished.stopped ?? 'completed', bestEpoch: finished.bestEpoch, seconds: finished.seconds } })));
  } catch (e) {
    log.emit({ type: 'warning', message: `report not written (${e instanceof Error ? e.message : String(e)}); predictions.json holds μ and σ` });
    finished.report = RUN_FILES.predictions;
  }
  log.emit(finished);
  return { status: finished.stopped ?? 'completed', summary };
}
