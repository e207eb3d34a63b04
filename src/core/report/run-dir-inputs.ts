/**
 * What `mlip-uq report RUN_DIR` reads from a run directory to (re)build the report, and the format of
 * the one file the runner must write for it, `predictions.json`:
 *
 * {
 *   "format": "mlip-uq-predictions", "version": 1,
 *   "sets": {                                   // any of train, validation, test
 *     "test": {
 *       "structures": [ { "name": "…", "source": "file.xsf", "atoms": 6,
 *                         "energyTrue": -8.51, "energyPred": -8.50, "energyStd": 0.004 } ],   // eV/atom
 *       "forces": { "true": […], "pred": […], "std": […],    // optional, eV/Å, structure → atom → x,y,z;
 *                   "elements": ["Ti", "O", …] }             // optional: each atom's element (per-element recalibration)
 *     }                                                      // each a number array or the report's
 *   },                                                       // {"encoding": "base64-float32-le", …} form
 *   "method":   { "method": "ensemble", "members": 5, "trainForces": false, … },   // optional (MethodSummary)
 *   "producer": { "dataFingerprint": "…", "seeds": {…}, "wallTimeSeconds": {…}, … } // optional, overrides
 * }
 *
 * Besides it (each optional): config.resolved.json (the resolved config object), split.json
 * ({"train": [names], "validation": […], "test": […], "subset"?: […], "seed"?: n}) and events.ndjson
 * (the run events: `started` gives backend, training engine, versions, config hash and method; `epoch` events the
 * history; `finished` the best epoch and how it stopped). Missing pieces are filled from the
 * predictions (split from the names, data fingerprint as a SHA-256 over names, atom counts and true
 * energies) and say so in the report's notes.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocatedError } from '../errors';
import {
  SET_NAMES, type EpochRecord, type MethodSummary, type NumberArray, type Producer, type SetName,
  type StructurePrediction, type TrainingHistory,
} from '../../protocol/report';
import { RUN_FILES } from '../../protocol/run-dir';
import { readEventLines } from '../run-dir/read-run-dir';
import type { ReportInputs, SetPredictionInput } from './build-report';
import { decodeNumbers } from './number-array';
import { parseJson } from '../json/parse-json';
import { runParts, type PartOutcome } from './run-parts';
import packageJson from '../../../package.json';

export const PREDICTIONS_FILE = RUN_FILES.predictions;
export const PREDICTIONS_FORMAT = 'mlip-uq-predictions';

export interface RunDirOptions {
  toolVersion?: string;
  maxBytes?: number;
  /** The runner's own outcome for the part it is finishing (the report is written before its `finished` event). */
  outcome?: PartOutcome;
}

export function readRunDirInputs(runDir: string, options: RunDirOptions = {}): ReportInputs {
  const notes: string[] = [];
  const predFile = join(runDir, PREDICTIONS_FILE);
  if (!existsSync(predFile)) {
    throw new LocatedError(`no ${PREDICTIONS_FILE} in the run directory`, { file: predFile }, `the runner's ${PREDICTIONS_FILE} (format "${PREDICTIONS_FORMAT}")`);
  }
  const raw = obj(parseJson(readFileSync(predFile, 'utf8'), predFile), predFile, '');
  if (raw.format !== PREDICTIONS_FORMAT) throw new LocatedError(`unknown predictions format ${JSON.stringify(raw.format)}`, { file: predFile, field: 'format' }, `"${PREDICTIONS_FORMAT}"`);
  if (raw.version !== 1) throw new LocatedError(`predictions version ${JSON.stringify(raw.version)} is not supported`, { file: predFile, field: 'version' }, '1');
  const setsRaw = obj(raw.sets, predFile, 'sets');
  const predictions: Partial<Record<SetName, SetPredictionInput>> = {};
  for (const s of SET_NAMES) if (setsRaw[s] !== undefined) predictions[s] = readSet(setsRaw[s], predFile, `sets.${s}`);

  // Unchecked on purpose: only a few fields are read, and runs of older runners must still give a report.
  const events = readEventLines(join(runDir, RUN_FILES.events)) as unknown as Json[];
  const started = events.find((e) => e.type === 'started');
  // The last part's outcome: a `finished` of a part stopped before a resume says nothing of the run.
  const parts = runParts(events, options.outcome);
  const finished = parts.finished;
  const configFile = join(runDir, RUN_FILES.config);
  const config = existsSync(configFile) ? obj(parseJson(readFileSync(configFile, 'utf8'), configFile), configFile, '') : {};
  if (!existsSync(configFile)) notes.push('config.resolved.json was missing: the report holds no configuration');

  const method: MethodSummary = (raw.method as MethodSummary | undefined) ?? methodFromStarted(started) ?? (() => {
    notes.push('method unknown (no "method" in predictions.json, no started event): recorded as deterministic');
    return { method: 'deterministic' as const, trainForces: false };
  })();

  const given = (raw.producer ?? {}) as Partial<Producer>;
  const producer: Producer = {
    tool: given.tool ?? { name: 'mlip-uq', version: options.toolVersion ?? packageJson.version },
    backend: given.backend ?? (started ? { name: String(started.backend), reason: str(started.backendReason), threads: num(started.threads), versions: started.versions as Record<string, string> | undefined } : { name: 'unknown' }),
    // Runs of older runners name only the training engine (the started event), or none.
    engines: given.engines ?? (typeof started?.engine === 'string' ? { training: { name: started.engine, ...(str(started.engineReason) ? { reason: str(started.engineReason) } : {}) } } : undefined),
    config,
    configHash: given.configHash ?? str(started?.configHash) ?? sha256(canonicalJson(config)),
    ...(given.configFile ?? str(started?.configFile) ? { configFile: given.configFile ?? str(started?.configFile) } : {}),
    dataFingerprint: given.dataFingerprint ?? fingerprintFromPredictions(predictions, notes),
    ...(given.dataFiles ? { dataFiles: given.dataFiles } : {}),
    split: given.split ?? readSplit(join(runDir, RUN_FILES.split), predictions, notes),
    ...(referenceFit(join(runDir, RUN_FILES.split), notes)),
    seeds: given.seeds ?? seedsFromConfig(config),
    wallTimeSeconds: given.wallTimeSeconds ?? wallTimesFromEvents(events, parts.totalSeconds),
    runId: given.runId ?? str(started?.run),
  };
  const epochEvents = events.filter((e) => e.type === 'epoch');
  // The runner builds the report before its `finished` event: then the last epoch marked best says it.
  const lastBest = [...epochEvents].reverse().find((e) => e.best === true);
  const bestEpoch = num(finished?.bestEpoch) ?? num(lastBest?.epoch);
  const history: TrainingHistory = {
    epochs: epochEvents.map(epochRecord),
    ...(bestEpoch !== undefined ? { bestEpoch } : {}),
    ...(typeof finished?.stopped === 'string' ? { stopped: finished.stopped as TrainingHistory['stopped'] } : {}),
  };
  return { producer: stripUndefined(producer), method, history, predictions, notes };
}

type Json = Record<string, unknown>;

function obj(x: unknown, file: string, field: string): Json {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) throw new LocatedError(`${field || 'the file'} is not an object`, { file, field: field || undefined }, 'a JSON object');
  return x as Json;
}

function readSet(x: unknown, file: string, field: string): SetPredictionInput {
  const o = obj(x, file, field);
  if (!Array.isArray(o.structures)) throw new LocatedError('"structures" is missing or not an array', { file, field: `${field}.structures` }, 'an array');
  const structures = o.structures.map((s, i): StructurePrediction => {
    const f = `${field}.structures[${i}]`;
    const r = obj(s, file, f);
    const need = (k: string, kind: 'string' | 'number') => {
      if (typeof r[k] !== kind || (kind === 'number' && !Number.isFinite(r[k]))) throw new LocatedError(`"${k}" is ${JSON.stringify(r[k]) ?? 'missing'}`, { file, field: `${f}.${k}` }, kind === 'number' ? 'a finite number' : 'a string');
      return r[k];
    };
    return {
      name: need('name', 'string') as string,
      ...(typeof r.source === 'string' ? { source: r.source } : {}),
      ...(typeof r.group === 'string' ? { group: r.group } : {}),
      atoms: need('atoms', 'number') as number,
      energyTrue: need('energyTrue', 'number') as number,
      energyPred: need('energyPred', 'number') as number,
      energyStd: need('energyStd', 'number') as number,
    };
  });
  const out: SetPredictionInput = { structures };
  if (o.forces !== undefined) {
    const fo = obj(o.forces, file, `${field}.forces`);
    const arr = (k: string) => {
      const v = fo[k];
      if (!Array.isArray(v) && (typeof v !== 'object' || v === null)) throw new LocatedError(`forces "${k}" is missing`, { file, field: `${field}.forces.${k}` }, 'a number array');
      return decodeNumbers(v as NumberArray, `${field}.forces.${k}`);
    };
    out.forces = { true: arr('true'), pred: arr('pred'), std: arr('std') };
    if (Array.isArray(fo.elements) && fo.elements.every((e) => typeof e === 'string')) out.forces.elements = fo.elements as string[];
  }
  return out;
}

function methodFromStarted(e: Json | undefined): MethodSummary | undefined {
  if (!e || typeof e.method !== 'string') return undefined;
  return stripUndefined({
    method: e.method as MethodSummary['method'],
    estimator: e.estimator as MethodSummary['estimator'],
    members: num(e.members),
    heteroscedastic: e.heteroscedastic === true ? true : undefined,
    trainForces: e.trainForces === true,
  });
}

function epochRecord(e: Json): EpochRecord {
  const n = (k: string) => (typeof e[k] === 'number' && Number.isFinite(e[k]) ? (e[k] as number) : undefined);
  return stripUndefined({
    epoch: n('epoch') ?? 0, trainLoss: n('trainLoss') ?? 0, dataTerm: n('dataTerm') ?? 0, klTerm: n('klTerm') ?? 0,
    valLoss: n('valLoss'), valEnergyRmse: n('valEnergyRmse'), valForceRmse: n('valForceRmse'),
    learningRate: n('learningRate'), seconds: n('seconds'),
    members: Array.isArray(e.members) ? (e.members as EpochRecord['members']) : undefined,
  });
}

/** The seeds a resolved config names (training.seed, data.split.seed, data.subset.seed). */
function seedsFromConfig(config: Json): Record<string, number> {
  const at = (path: string[]): number | undefined => {
    let x: unknown = config;
    for (const k of path) x = typeof x === 'object' && x !== null ? (x as Json)[k] : undefined;
    return typeof x === 'number' && Number.isInteger(x) ? x : undefined;
  };
  return definedOnly({ training: at(['training', 'seed']), split: at(['data', 'split', 'seed']), subset: at(['data', 'subset', 'seed']) });
}

/** Featurize time (last progress event), training time (sum of epoch times) and the total, when logged. */
function wallTimesFromEvents(events: Json[], total: number | undefined): Record<string, number> {
  const featurize = [...events].reverse().find((e) => e.type === 'featurize');
  const epochs = events.filter((e) => e.type === 'epoch' && typeof e.seconds === 'number');
  return definedOnly({
    featurize: num(featurize?.seconds),
    train: epochs.length ? epochs.reduce((a, e) => a + (e.seconds as number), 0) : undefined,
    total,
  });
}

function readSplit(file: string, predictions: Partial<Record<SetName, SetPredictionInput>>, notes: string[]): Producer['split'] {
  if (existsSync(file)) {
    const s = obj(parseJson(readFileSync(file, 'utf8'), file), file, '');
    const names = (k: string) => (Array.isArray(s[k]) ? (s[k] as unknown[]).map(String) : []);
    // Structures the run could not use (src/core/structures/screen.ts) are named with their reason.
    const excluded = Array.isArray(s.excluded) ? (s.excluded as { name?: unknown; reason?: unknown }[]) : [];
    if (excluded.length) notes.push(`${excluded.length} structures excluded before the split: ${excluded.map((x) => `${String(x.name)} (${String(x.reason)})`).join('; ')}`);
    const source = typeof s.source === 'object' && s.source !== null && !Array.isArray(s.source)
      ? Object.fromEntries(Object.entries(s.source as Json).filter(([k, v]) => (SET_NAMES as readonly string[]).includes(k) && typeof v === 'string')) as Producer['split']['source']
      : undefined;
    const moved = Array.isArray(s.moved)
      ? (s.moved as Json[]).filter((m) => typeof m?.name === 'string' && (m.from === 'validation' || m.from === 'test') && Array.isArray(m.elements))
        .map((m) => ({ name: m.name as string, from: m.from as 'validation' | 'test', elements: (m.elements as unknown[]).map(String) }))
      : undefined;
    if (moved?.length) notes.push(`${moved.length} structures moved into training so that every element has training atoms: ${moved.map((m) => `${m.name} from ${m.from} (${m.elements.join(', ')})`).join('; ')}`);
    if (Array.isArray(s.leftOut) && s.leftOut.length) notes.push(`${s.leftOut.length} structures in no set of the split file were left out`);
    return stripUndefined({ train: names('train'), validation: names('validation'), test: names('test'),
      subset: Array.isArray(s.subset) ? names('subset') : undefined, seed: num(s.seed), source,
      moved: moved?.length ? moved : undefined, leftOut: Array.isArray(s.leftOut) && s.leftOut.length ? names('leftOut') : undefined });
  }
  notes.push('split.json was missing: the split lists the predicted structures of each set');
  const names = (k: SetName) => predictions[k]?.structures.map((x) => x.name) ?? [];
  return { train: names('train'), validation: names('validation'), test: names('test') };
}

/** split.json's `referenceEnergies` (reference_energies: fit), checked field by field; a note says what was fitted. */
function referenceFit(file: string, notes: string[]): { referenceEnergies?: Producer['referenceEnergies'] } {
  if (!existsSync(file)) return {};
  const s = obj(parseJson(readFileSync(file, 'utf8'), file), file, '');
  const r = s.referenceEnergies as Json | undefined;
  if (typeof r !== 'object' || r === null || typeof r.values !== 'object' || r.values === null || !Array.isArray(r.fitted)) return {};
  const values = Object.fromEntries(Object.entries(r.values as Json).filter(([, v]) => typeof v === 'number')) as Record<string, number>;
  const fitted = (r.fitted as unknown[]).map(String);
  const fit = { values, fitted, structures: num(r.structures) ?? 0, rmsPerAtom: num(r.rmsPerAtom) ?? 0, rankDeficient: r.rankDeficient === true };
  notes.push(`reference energies fitted on ${fit.structures} training structures (least squares of total energy against composition): ${fitted.map((e) => `${e} ${values[e]} eV`).join(', ')}; rms residual ${fit.rmsPerAtom.toPrecision(3)} eV/atom${fit.rankDeficient ? '; the compositions do not separate these elements, so only their combinations are meaningful' : ''}`);
  return { referenceEnergies: fit };
}

function fingerprintFromPredictions(predictions: Partial<Record<SetName, SetPredictionInput>>, notes: string[]): string {
  notes.push('data fingerprint derived from the predicted structures (names, atom counts, true energies)');
  const rows = SET_NAMES.flatMap((s) => predictions[s]?.structures ?? []).map((x) => `${x.name}\t${x.atoms}\t${x.energyTrue}`).sort();
  return `sha256:${sha256(rows.join('\n'))}`;
}

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/** JSON with sorted keys, so the hash does not depend on key order. */
export function canonicalJson(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(canonicalJson).join(',')}]`;
  if (x && typeof x === 'object') {
    return `{${Object.keys(x).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((x as Json)[k])}`).join(',')}}`;
  }
  return JSON.stringify(x) ?? 'null';
}

function str(x: unknown): string | undefined {
  return typeof x === 'string' ? x : undefined;
}
function num(x: unknown): number | undefined {
  return typeof x === 'number' && Number.isFinite(x) ? x : undefined;
}
function definedOnly(o: Record<string, number | undefined>): Record<string, number> {
  return stripUndefined(o) as Record<string, number>;
}
function stripUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}
