/**
 * One training run, start to finish, in a run directory: config (checked before anything is trained),
 * backend, data, featurization, split, training with per-epoch events and atomic checkpoints, cancel on
 * request (checkpoint kept, clean exit), resume from the last checkpoint, and at the end the best model,
 * predictions with μ and σ, and the report.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { selectBackend, type BackendChoice, type BackendInfo } from '../core/backend/select-backend';
import { formatDiagnostic, loadConfigOrThrow, type MlipConfig } from '../core/config';
import { Featurizer } from '../core/descriptors/featurize';
import { descriptorLength } from '../core/descriptors/setup';
import type { StructureDescriptors } from '../core/descriptors/types';
import { FileWriteError, writeFileAtomic } from '../core/atomic-write';
import { isLocatedError, LocatedError } from '../core/errors';
import { createModel } from '../core/estimators/create-model';
import { methodLabel, methodMembers, methodSummary, oneMember } from '../core/method/method-spec';
import { encodeModel } from '../core/models/saved-model';
import { CorruptCheckpoint, decodeCheckpoint, encodeCheckpoint } from '../core/training/checkpoint';
import { predictSamples, predictSet, type PredictOptions } from '../core/training/evaluate';
import { forceStructures, planSplit, prepareData } from '../core/training/prepare';
import { createEngine, engineThreads, meanAtoms, trainingEngine } from '../core/training/create-engine';
import { Trainer, TrainingDiverged } from '../core/training/trainer';
import { writePredictionsFile } from '../core/report/write-predictions';
import { oodFromValidation } from '../core/selection/ood';
import { mae, rmse } from '../core/uq/accuracy';
import type { RunEvent, StopReason } from '../protocol/events';
import { RUN_FILES } from '../protocol/run-dir';
import { energySnapshot, forceSnapshot, validationSummary } from './calibration-snapshot';
import { DivergenceWatch } from './divergence-watch';
import { EventLog, readEventLines, repairForResume } from './event-log';
import { predictionInputs } from './predictions-file';
import { acquireRunLock, makeRunDir, removeStaleTemps } from './run-lock';
import { readRunData } from './run-data';
import { descriptorSetups, methodSpec, modelSpec, prepareOptions, trainerOptions } from './run-options';

export interface TrainRunOptions {
  configFile: string;
  runDir?: string;
  resume?: boolean;
  onEvent?: (e: RunEvent) => void;
  /** Set to true (e.g. by a signal handler) to stop after the current epoch with a checkpoint. */
  cancel?: { requested: boolean };
  /**
   * Wall-clock time budget (Date.now() milliseconds): training stops after the first epoch that ends past
   * it and finishes as usual (best model, predictions, report), so a budgeted run still yields a report.
   */
  deadline?: number;
  /** Overrides training.backend / training.threads (CLI flags, editor settings) without touching the config. */
  backend?: BackendChoice;
  threads?: number;
  /**
   * Train only member k (0-based) of the config's deep ensemble (`train --member k`, what --members-as-jobs
   * runs in each member's own run directory): one network with member k's initial weights and bootstrap
   * resample. The member is part of the run's config hash, so a resume cannot continue another member.
   */
  member?: number;
  /**
   * Each warning of the config (e.g. a 0 eV placeholder reference energy), located as
   * FILE:LINE:COLUMN: warning CODE: MESSAGE (FIELD), before the run directory is touched; the run's events
   * carry them too, as warning events right after `started`.
   */
  onConfigWarning?: (line: string) => void;
}

export interface TrainRunResult {
  status: StopReason | 'failed';
  runDir: string;
  message?: string;
}

export const CHECKPOINT_FILE = RUN_FILES.checkpoint;

/** Bad configs fail here, before a run directory is touched, with every located diagnostic. */
export function loadRunConfig(configFile: string): MlipConfig {
  return loadRunConfigWarned(configFile).config;
}

/** The config and its warnings, each located (file, line, column, code, field) as the editor shows them. */
export function loadRunConfigWarned(configFile: string): { config: MlipConfig; warnings: string[] } {
  const { config, warnings } = loadConfigOrThrow(configFile);
  return { config, warnings: warnings.filter((d) => d.severity === 'warning').map((d) => formatDiagnostic(d, configFile)) };
}

/** --member needs an ensemble that has that member. */
function checkMember(config: MlipConfig, o: TrainRunOptions): void {
  const k = o.member!;
  const members = config.method.type === 'ensemble' ? config.method.ensemble.members : 0;
  if (config.method.type !== 'ensemble') throw new LocatedError('--member applies only to a deep ensemble', { file: o.configFile, field: 'method.type' }, 'ensemble');
  if (!(Number.isInteger(k) && k >= 0 && k < members)) throw new LocatedError(`the ensemble has no member ${k}`, { file: o.configFile, field: '--member' }, `a member index of 0…${members - 1}`);
}

function canonical(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(canonical).join(',')}]`;
  if (x && typeof x === 'object') return `{${Object.keys(x).sort().map((k) => `${JSON.stringify(k)}:${canonical((x as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(x) ?? 'null';
}

export function defaultRunDir(configFile: string, c: MlipConfig): string {
  const base = dirname(resolve(configFile));
  if (c.output.run_dir) return resolve(base, c.output.run_dir);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return join(base, 'runs', `${basename(configFile).replace(/\.mlip\.(ya?ml|json)$/i, '')}-${stamp}`);
}

/** The run's config hash (the `started` event's, the checkpoint's): the config, and the member when one trains alone. */
export function runConfigHash(config: MlipConfig, member?: number): string {
  return createHash('sha256').update(canonical(member !== undefined ? { config, member } : config)).digest('hex');
}

const tick = () => new Promise<void>((r) => setImmediate(r));

export async function runTraining(o: TrainRunOptions): Promise<TrainRunResult> {
  const { config, warnings: configWarnings } = loadRunConfigWarned(o.configFile);
  for (const w of configWarnings) o.onConfigWarning?.(w);
  if (o.member !== undefined) checkMember(config, o);
  const configDir = dirname(resolve(o.configFile));
  const runDir = resolve(o.runDir ?? defaultRunDir(o.configFile, config));
  makeRunDir(runDir);
  // The lock comes before any look at the folder, so two runs started together cannot both pass the checks below.
  const lock = acquireRunLock(runDir);
  try {
    return await runLocked(config, configDir, runDir, o, configWarnings);
  } finally {
    lock.release();
  }
}

async function runLocked(config: MlipConfig, configDir: string, runDir: string, o: TrainRunOptions, configWarnings: string[]): Promise<TrainRunResult> {
  const checkpointFile = join(runDir, CHECKPOINT_FILE);
  const eventsFile = join(runDir, RUN_FILES.events);
  // A run killed before its first checkpoint (featurisation, first epoch) has nothing to keep: --resume starts it over.
  let startOver = false;
  if (o.resume) {
    if (!existsSync(checkpointFile)) {
      if (!existsSync(eventsFile)) throw new LocatedError('nothing to resume: the run directory has no checkpoint', { file: checkpointFile, field: '--resume' }, 'the run directory of an interrupted run');
      startOver = true;
    }
  } else if (existsSync(eventsFile)) {
    throw new LocatedError('the run directory already holds a run', { file: runDir, field: '--run-dir' }, 'a new directory, or --resume to continue that run');
  }
  removeStaleTemps(runDir); // we hold the lock: any temporary file is a killed writer's leftover
  const configHash = runConfigHash(config, o.member);
  let resumeState: ReturnType<typeof decodeCheckpoint> | null = null;
  const log = new EventLog(eventsFile, basename(runDir));
  if (o.onEvent) log.onEvent(o.onEvent);
  const t0 = Date.now();
  let epoch = 0;
  try {
    if (startOver) {
      const started = readEventLines(eventsFile).find((e) => e.type === 'started');
      if (started?.type === 'started' && started.configHash !== configHash) {
        throw new LocatedError('the config changed since this run started; cannot resume', { file: o.configFile }, 'the same config as the interrupted run');
      }
      writeFileAtomic(eventsFile, '');
      // Said right after the new "started" event, which readers expect first.
      let said = false;
      log.onEvent((e) => {
        if (said || e.type !== 'started') return;
        said = true;
        log.emit({ type: 'warning', message: 'the interrupted run had no checkpoint yet; it starts again from epoch 0' });
      });
    } else if (o.resume) {
      // A torn or edited checkpoint is refused here, before any state is loaded from it.
      resumeState = decodeCheckpoint(readFileSync(checkpointFile, 'utf8'), checkpointFile);
      if (resumeState.extra.configHash !== configHash) {
        throw new LocatedError('the config changed since this run started; cannot resume', { file: o.configFile }, 'the same config as the interrupted run');
      }
      epoch = resumeState.state.epoch;
      const kept = repairForResume(eventsFile, epoch);
      const done = kept.filter((e) => e.type === 'finished').pop();
      if (done?.type === 'finished' && done.stopped !== 'cancelled') {
        return { status: done.stopped ?? 'completed', runDir, message: 'the run had already finished; nothing to resume' };
      }
    }
    writeFileAtomic(join(runDir, RUN_FILES.config), JSON.stringify(config, null, 1));
    return await train(config, configDir, configHash, runDir, log, o, resumeState, t0, (e) => { epoch = e; }, configWarnings);
  } catch (e) {
    const located = isLocatedError(e) ? e.location : undefined;
    // Recorded if the disk still takes it: a full or read-only disk may be why the run fails.
    log.tryEmit({ type: 'failed', message: e instanceof Error ? e.message : String(e), ...(located ? { location: located } : {}), epoch });
    if (isLocatedError(e) || e instanceof TrainingDiverged || e instanceof CorruptCheckpoint) {
      return { status: 'failed', runDir, message: e.message };
    }
    throw e;
  }
}

async function train(
  config: MlipConfig, configDir: string, configHash: string, runDir: string, log: EventLog, o: TrainRunOptions,
  resumeState: ReturnType<typeof decodeCheckpoint> | null, t0: number, onEpoch: (e: number) => void, configWarnings: readonly string[],
): Promise<TrainRunResult> {
  const backend: BackendInfo = await selectBackend({
    backend: o.backend ?? config.training.backend, threads: o.threads ?? config.training.threads ?? 1, source: { file: o.configFile },
  });
  // Given validation/test files and a split file fix sets; structures no model can use are listed with
  // the reason (a warning, split.json's `excluded`), never dropped silently.
  const runData = readRunData(config, configDir, o.configFile);
  const { structures, warnings: readWarnings } = runData;
  const screened = { excluded: runData.excluded };
  const elements = [...new Set(structures.flatMap((s) => s.species))].sort();
  const popts = { ...prepareOptions(config, elements), fixed: runData.fixed };
  const plan = planSplit(structures, popts);
  const full = methodSpec(config);
  const m = o.member !== undefined && full.type === 'ensemble' ? oneMember(full, o.member) : full;
  // The model is fixed by the config and the elements: known (and so is its training engine) before featurizing.
  const setups = descriptorSetups(config, elements, configDir, o.configFile);
  const spec = modelSpec(config, m, elements, setups.map(descriptorLength));
  const model = createModel(spec);
  const topts = { ...trainerOptions(config, m, NaN), ...(o.threads !== undefined ? { threads: o.threads } : {}) };
  const engine = trainingEngine(spec, model.layout, topts);
  // Atom rows per training structure, which bounds how many threads a batch is split over (createEngine's count).
  const atoms = meanAtoms(plan.split.train.map((i) => ({ nAtoms: structures[i].species.length })));
  log.emit({
    type: 'started', backend: backend.name, backendReason: backend.reason, engine: engine.name, engineReason: engine.reason,
    // The threads that run the training steps: the kernels' own (an ensemble's member ranges), else the backend's.
    threads: engine.name === 'wasm-simd-kernels' ? engineThreads(spec, topts, engine, atoms) : backend.threads, versions: backend.versions,
    configHash, configFile: resolve(o.configFile), ...methodLabel(m),
    epochs: config.training.epochs, trainForces: popts.trainForces,
    data: {
      structures: structures.length, atoms: structures.reduce((a, s) => a + s.species.length, 0), elements,
      train: plan.split.train.length, validation: plan.split.validation.length, test: plan.split.test.length,
    },
    ...(resumeState ? { resumedFromEpoch: resumeState.state.epoch } : {}),
  });
  if (o.member !== undefined) log.emit({ type: 'log', level: 'info', message: `member ${o.member + 1} of the config's ${methodMembers(full)}-member ensemble, trained on its own` });
  for (const message of [...configWarnings, ...readWarnings]) log.emit({ type: 'warning', message });
  if (plan.filtered.length) log.emit({ type: 'warning', message: `MAXENERGY filter dropped ${plan.filtered.length} structures` });
  for (const mv of plan.moves) {
    log.emit({ type: 'warning', message: `${structures[mv.index].name} moved from ${mv.from} to training: ${mv.elements.join(', ')} had no atom in training (listed in ${RUN_FILES.split})` });
  }
  if (plan.leftOut.length) log.emit({ type: 'warning', message: `${plan.leftOut.length} structures are in no set of the split file and are left out (listed in ${RUN_FILES.split})` });
  if (plan.referenceFit) {
    const f = plan.referenceFit;
    log.emit({ type: 'warning', message: `reference energies fitted on ${f.count} training structures: ${f.fitted.map((e) => `${e} ${f.reference[e].toFixed(6)} eV`).join(', ')} (rms residual ${f.rmsPerAtom.toFixed(4)} eV/atom)${f.rankDeficient ? '; the compositions do not separate the elements, so only their combinations are meaningful' : ''}` });
  }
  if (screened.excluded.length) {
    const shown = screened.excluded.slice(0, 5).map((x) => `${x.name}: ${x.reason}`).join('; ');
    log.emit({ type: 'warning', message: `${screened.excluded.length} structures excluded (listed in ${RUN_FILES.split}): ${shown}${screened.excluded.length > 5 ? '; …' : ''}` });
  }
  const names = (idx: number[]) => idx.map((i) => structures[i].name);
  const drawn = `drawn from data.structures (seed ${config.data.split.seed})`;
  writeFileAtomic(join(runDir, RUN_FILES.split), JSON.stringify({
    train: names(plan.split.train), validation: names(plan.split.validation), test: names(plan.split.test),
    filtered: names(plan.filtered), ...(screened.excluded.length ? { excluded: screened.excluded } : {}), seed: config.data.split.seed,
    ...(config.data.subset.fraction < 1 ? { subset: names([...plan.split.train, ...plan.split.validation]), subsetSeed: config.data.subset.seed } : {}),
    source: Object.fromEntries(Object.entries(runData.source).map(([k, v]) => [k, v === 'drawn' ? drawn : v])),
    ...(plan.moves.length ? { moved: plan.moves.map((mv) => ({ name: structures[mv.index].name, from: mv.from, elements: mv.elements })) } : {}),
    ...(plan.leftOut.length ? { leftOut: names(plan.leftOut) } : {}),
    ...(plan.referenceFit ? { referenceEnergies: { values: plan.referenceFit.reference, fitted: plan.referenceFit.fitted, structures: plan.referenceFit.count, rmsPerAtom: plan.referenceFit.rmsPerAtom, rankDeficient: plan.referenceFit.rankDeficient } } : {}),
  }, null, 1));

  // Featurize: derivatives only where forces are trained on or predicted.
  const featurizer = new Featurizer(setups);
  const forceSet = forceStructures(structures, plan, popts);
  const needed = [...plan.split.train, ...plan.split.validation, ...plan.split.test];
  const inTrain = new Set(plan.split.train);
  const descriptors: StructureDescriptors[] = new Array(structures.length);
  const tf0 = Date.now();
  let lastReport = 0;
  let lastTick = Date.now();
  for (let k = 0; k < needed.length; k++) {
    const i = needed[k];
    const derivatives = forceSet.has(i) || (popts.trainForces && !inTrain.has(i) && !!structures[i].forces);
    descriptors[i] = featurizer.featurize(structures[i], { derivatives, float32Jacobian: true });
    if (Date.now() - lastReport > 1000 || k === needed.length - 1) {
      lastReport = Date.now();
      log.emit({ type: 'featurize', done: k + 1, total: needed.length, seconds: (Date.now() - tf0) / 1000 });
    }
    if (Date.now() - lastTick > 200) {
      // Yields so a SIGTERM/SIGINT handler can run; a cancel here ends the run before any checkpoint (--resume starts it over).
      lastTick = Date.now();
      await tick();
      if (o.cancel?.requested) {
        log.emit({ type: 'finished', epochs: resumeState?.state.epoch ?? 0, bestEpoch: resumeState?.state.best?.epoch ?? 0, seconds: (Date.now() - t0) / 1000, report: '', summary: {}, stopped: 'cancelled' });
        return { status: 'cancelled', runDir };
      }
    }
  }
  const data = prepareData(structures, descriptors, popts, plan);
  const trainerOpts = { ...topts, energyScale: data.norm.scale };
  // The engine announced above, built for the data: only a wasm memory too small for them can change it.
  const trainer = new Trainer(model, data.train, data.validation, data.std, trainerOpts, createEngine(model, data.train, data.validation, data.std, trainerOpts, engine));
  if (trainer.engine.name !== engine.name) log.emit({ type: 'warning', message: `training runs on ${trainer.engine.name} after all: ${trainer.engine.reason}` });
  else if (trainer.engine.threads !== undefined && trainer.engine.threads !== engineThreads(spec, topts, engine, atoms)) {
    log.emit({ type: 'warning', message: `training runs on ${trainer.engine.threads} thread(s) after all: ${trainer.engine.reason}` });
  }
  if (resumeState) trainer.restore(resumeState.state);
  const epochs = config.training.epochs;
  const predictOpts = (forces: boolean): PredictOptions => ({
    forces, samples: m.type === 'bnn' ? m.predictSamples : 1, seed: config.training.seed + 77, ddof: m.type === 'bnn' ? 1 : 0,
    observationNoise: m.type === 'bnn' && m.addObservationNoise ? { energy: m.sigmaEnergy, forces: m.sigmaForces } : null,
  });
  let stopped: StopReason = 'completed';
  // The CLI's --time-budget-minutes wins over the config's training.time_budget_minutes (counted from the run's start).
  const budget = config.training.time_budget_minutes;
  const deadline = o.deadline ?? (budget !== null ? t0 + budget * 60_000 : undefined);
  const epochSeconds: number[] = [];
  const watch = new DivergenceWatch(resumeState ? readEventLines(join(runDir, RUN_FILES.events)).flatMap((e) => (e.type === 'epoch' ? [e.trainLoss] : [])) : []);
  try {
    while (trainer.epoch < epochs) {
      if (o.cancel?.requested) { stopped = 'cancelled'; break; }
      const s = trainer.runEpoch();
      onEpoch(s.epoch);
      epochSeconds.push(s.seconds);
      const recent = epochSeconds.slice(-10);
      const avg = recent.reduce((a, b) => a + b, 0) / recent.length;
      log.emit({
        type: 'epoch', epoch: s.epoch, epochs, trainLoss: s.trainLoss, dataTerm: s.dataTerm, klTerm: s.klTerm,
        valLoss: s.valLoss, valEnergyRmse: s.valEnergyRmse, ...(s.valForceRmse !== undefined ? { valForceRmse: s.valForceRmse } : {}),
        learningRate: trainer.learningRate, seconds: s.seconds, etaSeconds: avg * (epochs - s.epoch),
        ...(s.members ? { members: s.members } : {}), best: s.best,
      });
      const diverged = watch.check(s.trainLoss, s.valEnergyRmse);
      if (diverged) throw new TrainingDiverged(`training diverged in epoch ${s.epoch}: ${diverged}; lower training.learning_rate (the checkpoint of epoch ${s.epoch - 1} is kept)`);
      // Before the checkpoint: a kill between the two then redoes this epoch and its snapshot instead of losing the snapshot.
      const every = config.evaluation.calibration_every;
      if (every > 0 && s.epoch % every === 0 && data.validation.length > 1) {
        const preds = predictSamples(model, data.validation, data.std, data.norm, predictOpts(popts.trainForces));
        const size = config.evaluation.snapshot_size ?? 300;
        const snap = energySnapshot(preds, size);
        if (snap) log.emit({ type: 'calibration', epoch: s.epoch, set: 'validation', quantity: 'energy', ...snap });
        const forces = popts.trainForces ? forceSnapshot(preds, size) : null;
        if (forces) log.emit({ type: 'calibration', epoch: s.epoch, set: 'validation', quantity: 'forces', ...forces });
      }
      writeFileAtomic(join(runDir, CHECKPOINT_FILE), encodeCheckpoint(trainer.state(), { configHash }));
      log.emit({ type: 'checkpoint', epoch: s.epoch, file: CHECKPOINT_FILE, best: s.best });
      if (trainer.shouldStopEarly) { stopped = 'early-stopping'; break; }
      if (deadline !== undefined && Date.now() >= deadline && trainer.epoch < epochs) {
        log.emit({ type: 'warning', message: `time budget reached after epoch ${s.epoch} of ${epochs}; keeping the best epoch so far` });
        stopped = 'time-budget';
        break;
      }
      await tick(); // lets a pending SIGTERM/SIGINT handler run between epochs
    }
    if (stopped === 'cancelled') {
      log.emit({ type: 'finished', epochs: trainer.epoch, bestEpoch: trainer.best?.epoch ?? 0, seconds: (Date.now() - t0) / 1000, report: '', summary: {}, stopped });
      return { status: 'cancelled', runDir };
    }
    trainer.restoreBest();
    const bestEpoch = trainer.best?.epoch ?? trainer.epoch;
    const params = model.exportParams();
    writeFileAtomic(join(runDir, RUN_FILES.model), encodeModel({
      spec, params, setups, standardisation: data.std, normalisation: data.norm, reference: plan.reference,
      prediction: { samples: predictOpts(false).samples, observationNoise: predictOpts(false).observationNoise ?? null }, bestEpoch,
    }));
    const withForces = popts.trainForces;
    const predicted = {
      train: predictSet(model, data.train, data.std, data.norm, predictOpts(false)),
      validation: predictSet(model, data.validation, data.std, data.norm, predictOpts(withForces)),
      test: predictSet(model, data.test, data.std, data.norm, predictOpts(withForces)),
    };
    const sets = { train: predicted.train.predictions, validation: predicted.validation.predictions, test: predicted.test.predictions };
    // The sets predict on the same engine unless one did not fit the kernels' memory: the report names that one.
    const prediction = [predicted.test, predicted.validation, predicted.train].map((p) => p.engine).find((e) => e.name === 'tfjs-ops') ?? predicted.test.engine;
    const engines = { training: { name: trainer.engine.name, reason: trainer.engine.reason }, prediction: { name: prediction.name, reason: prediction.reason } };
    const method = methodSummary(m, withForces, config.data.subset.fraction < 1 ? 'subset' : undefined);
    const sources = new Map(structures.map((s) => [s.name, s.source.file]));
    // Forces stay plain numbers: the report's metrics are computed from this file at full precision.
    writePredictionsFile(runDir, { sets: predictionInputs(sets, sources, new Map(structures.map((s) => [s.name, s.species])), new Map(structures.flatMap((s) => (s.group !== undefined ? [[s.name, s.group]] : [])))), method, producer: { engines }, encodeAbove: Number.POSITIVE_INFINITY });
    if (data.validation.length > 0) writeFileAtomic(join(runDir, RUN_FILES.ood), JSON.stringify(oodFromValidation(data.validation, sets.validation, spec.elements, data.std, data.train), null, 1));
    // The best epoch's raw-σ validation calibration, the report's own numbers, for the dashboard's last word.
    const summary = { ...testSummary(sets.test), ...validationSummary(sets.validation) };
    const report = await writeReport(runDir, log, { stopped, bestEpoch, seconds: (Date.now() - t0) / 1000 });
    log.emit({ type: 'finished', epochs: trainer.epoch, bestEpoch, seconds: (Date.now() - t0) / 1000, report, summary, stopped });
    return { status: stopped, runDir };
  } finally {
    trainer.dispose();
    model.dispose();
  }
}

function testSummary(preds: ReturnType<typeof predictSamples>): Record<string, number> {
  const known = preds.filter((p) => p.energy.truth !== null);
  if (!known.length) return {};
  // Per atom as in predictions.json, so these equal the report's test RMSE and MAE.
  const eTrue = known.map((p) => p.energy.truth! / p.nAtoms);
  const ePred = known.map((p) => p.energy.mu / p.nAtoms);
  const out: Record<string, number> = {
    testEnergyRmse: rmse(eTrue, ePred),
    testEnergyMae: mae(eTrue, ePred),
    testMeanSigma: known.reduce((a, p) => a + p.energy.sigma / p.nAtoms, 0) / known.length,
  };
  const f = known.filter((p) => p.forces?.truth);
  if (f.length) out.testForceRmse = rmse(f.flatMap((p) => Array.from(p.forces!.truth!)), f.flatMap((p) => Array.from(p.forces!.mu)));
  return out;
}

/** The report, built by src/core/report from the run directory; a failure there is a warning, not a failed run. */
async function writeReport(runDir: string, log: EventLog, outcome: { stopped: string; bestEpoch: number; seconds: number }): Promise<string> {
  try {
    const r = await import('../core/report');
    // This part's outcome: its `finished` event comes after the report, and an earlier part's (Stop) is stale.
    const report = r.buildReport(r.readRunDirInputs(runDir, { outcome }));
    r.writeReportFile(join(runDir, RUN_FILES.report), report);
    return RUN_FILES.report;
  } catch (e) {
    if (e instanceof FileWriteError) throw e; // a full or read-only disk fails the run (resume writes the report)
    log.emit({ type: 'warning', message: `report not written (${e instanceof Error ? e.message : String(e)}); predictions.json holds μ and σ` });
    return RUN_FILES.predictions;
  }
}
