/**
 * The runner's side of `predictions.json` (format: run-dir-inputs.ts): one call at the end of a run,
 * force arrays above `encodeAbove` values stored as base64 float32, written atomically.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../atomic-write';
import { SET_NAMES, type MethodSummary, type Producer, type RunPredictionsFile, type SetName } from '../../protocol/report';
import type { SetPredictionInput } from './build-report';
import { compactNumbers } from './number-array';
import { PREDICTIONS_FILE } from './run-dir-inputs';
import { compactJson } from './write-report';

export interface PredictionsToWrite {
  sets: Partial<Record<SetName, SetPredictionInput>>;
  method?: MethodSummary;
  producer?: Partial<Producer>;
  encodeAbove?: number;
}

export function predictionsFileObject(p: PredictionsToWrite): RunPredictionsFile {
  const encodeAbove = p.encodeAbove ?? 3000;
  const sets: RunPredictionsFile['sets'] = {};
  for (const s of SET_NAMES) {
    const x = p.sets[s];
    if (!x) continue;
    sets[s] = {
      structures: x.structures,
      ...(x.forces ? { forces: { true: compactNumbers(x.forces.true, encodeAbove), pred: compactNumbers(x.forces.pred, encodeAbove), std: compactNumbers(x.forces.std, encodeAbove), ...(x.forces.elements?.length ? { elements: x.forces.elements } : {}) } } : {}),
    };
  }
  return { format: 'mlip-uq-predictions', version: 1, sets, ...(p.method ? { method: p.method } : {}), ...(p.producer ? { producer: p.producer } : {}) };
}

/** Writes RUN_DIR/predictions.json atomically; returns its path. */
export function writePredictionsFile(runDir: string, p: PredictionsToWrite): string {
  const path = join(runDir, PREDICTIONS_FILE);
  writeFileAtomic(path, compactJson(predictionsFileObject(p), 1));
  return path;
}
