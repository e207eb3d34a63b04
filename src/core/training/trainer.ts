/**
 * The training loop of one model: epochs over fixed, seeded batch compositions (their order shuffled every
 * epoch), validation after every epoch, best-on-validation parameters, early stopping, and divergence
 * detection. The steps themselves run on an engine (./engine.ts) chosen once by ./create-engine.ts.
 * Everything random comes from one seeded Rng whose state is part of the checkpointed state, so a resumed
 * run continues the same sequence.
 */
import type { TrainingSample } from '../data/samples';
import type { Standardisation } from '../descriptors/types';
import type { PotentialModel } from '../models/potential';
import { Rng } from '../rng';
import type { EpochEvent, MemberEpochStats } from '../../protocol/events';
import { createEngine } from './create-engine';
import { validationErrors, type TrainingEngine, type ValidationErrors } from './engine';
import type { TrainerOptions } from './options';
import type { TrainerState } from './trainer-state';

/** One epoch's numbers: the epoch event's own fields (the runner adds run-level ones: lr, ETA, totals). */
export type EpochStats = Pick<EpochEvent,
  'epoch' | 'trainLoss' | 'dataTerm' | 'klTerm' | 'valLoss' | 'valEnergyRmse' | 'valForceRmse' | 'seconds' | 'best' | 'members'>;

export class TrainingDiverged extends Error {}

export class Trainer {
  epoch = 0;
  best: TrainerState['best'] = null;
  private sinceBest = 0;
  private readonly rng: Rng;
  /** With shuffle off: the one batch order every epoch uses (drawn apart from `rng`, which keeps to noise). */
  private fixedOrder: number[] | null = null;

  /** `engine`: what runs the steps; by default the one createEngine chooses for these settings. */
  constructor(
    readonly model: PotentialModel, train: readonly TrainingSample[], validation: readonly TrainingSample[],
    std: readonly Standardisation[], readonly o: TrainerOptions,
    readonly engine: TrainingEngine = createEngine(model, train, validation, std, o),
  ) {
    this.rng = Rng.derive(o.seed, 1000);
  }

  /** Per member, how often each training structure is in its bootstrap resample (null: no bootstrap). */
  get bootstrapCounts(): Float32Array[] | null {
    return this.engine.bootstrapCounts;
  }

  get learningRate(): number {
    return this.engine.learningRate;
  }

  /** For schedules driven from outside (benches, a future config option); Adam's moments are kept. */
  set learningRate(lr: number) {
    this.engine.learningRate = lr;
  }

  /** The batches' order this epoch: a new one (shuffle, the default) or the order drawn once (the paper's). */
  private batchOrder(): number[] {
    const all = Array.from({ length: this.engine.batchCount }, (_, i) => i);
    if (this.o.shuffle !== false) return this.rng.shuffled(all);
    this.fixedOrder ??= Rng.derive(this.o.seed, 1003).shuffled(all);
    return this.fixedOrder;
  }

  /** Stops a run whose loss is no longer a finite number, with the epoch and what to change. */
  private checkFinite(data: number, kl: number): void {
    if (!Number.isFinite(data) || !Number.isFinite(kl)) {
      throw new TrainingDiverged(`training loss became ${data} (data) / ${kl} (KL) in epoch ${this.epoch + 1}: lower the learning rate or enable gradient clipping`);
    }
  }

  /** One pass over the training batches, then validation. Throws TrainingDiverged on NaN/∞. */
  runEpoch(): EpochStats {
    const t0 = Date.now();
    const order = this.batchOrder();
    const { data, weight, kl, perRow } = this.engine.epoch(order, this.rng, (d, k) => this.checkFinite(d, k));
    this.epoch++;
    // Without a validation set, early stopping and "best" follow the training data term.
    const val: ValidationErrors = this.engine.hasValidation
      ? validationErrors(this.engine.validate(), this.o.alpha, this.o.energyScale)
      : { loss: data / weight, energyRmse: NaN, memberEnergy: [] };
    if (!Number.isFinite(val.loss)) throw new TrainingDiverged(`validation loss became ${val.loss} in epoch ${this.epoch}`);
    const improved = this.best === null || val.loss < this.best.valLoss - this.o.minDelta;
    if (improved) {
      this.best = { epoch: this.epoch, valLoss: val.loss, params: this.model.exportParams() };
      this.sinceBest = 0;
    } else {
      this.sinceBest++;
    }
    const stats: EpochStats = {
      epoch: this.epoch, trainLoss: data / weight + kl, dataTerm: data / weight, klTerm: kl, valLoss: val.loss,
      valEnergyRmse: val.energyRmse, seconds: (Date.now() - t0) / 1000, best: improved,
    };
    if (val.forceRmse !== undefined) stats.valForceRmse = val.forceRmse;
    if (!this.o.bnn && perRow.length > 1) {
      stats.members = Array.from(perRow, (p, r) => {
        const m: MemberEpochStats = { trainLoss: p / weight, valEnergyRmse: val.memberEnergy[r] };
        if (val.memberForce) m.valForceRmse = val.memberForce[r];
        return m;
      });
    }
    return stats;
  }

  get shouldStopEarly(): boolean {
    return this.o.patience !== null && this.o.patience > 0 && this.sinceBest >= this.o.patience;
  }

  /** Puts the best-on-validation parameters into the model (the final model of a run). */
  restoreBest(): void {
    if (this.best) this.model.importParams(this.best.params);
  }

  state(): TrainerState {
    return { epoch: this.epoch, params: this.model.exportParams(), adam: this.engine.state(), rng: this.rng.state(), best: this.best, sinceBest: this.sinceBest };
  }

  restore(s: TrainerState): void {
    this.epoch = s.epoch;
    this.model.importParams(s.params);
    this.engine.restore(s.adam);
    this.rng.setState(s.rng);
    this.best = s.best;
    this.sinceBest = s.sinceBest;
  }

  dispose(): void {
    this.engine.dispose();
  }
}
