/**
 * `mlip-uq paper --tuned METHOD=CONFIG`: a method's hyper-parameters taken from a config instead of the paper's
 * TiO2 table (paper-values.ts TUNED), typically the best.mlip.yaml of the paper's own search run on the user's
 * data (`mlip-uq sweep`): the paper tuned per data set but published only its TiO2 values. Read from the config:
 * training.batch_size and training.learning_rate, and for a BNN method.bnn's prior_scale, q_scale,
 * sigma_obs_energy and train_samples; the config's method must be the one it is given for.
 */
import { resolve } from 'node:path';
import { loadConfigOrThrow } from '../../core/config';
import { LocatedError } from '../../core/errors';
import { ArgError } from '../args';
import { PAPER_METHODS, type PaperMethod, type TunedValues } from './paper-values';

/** The values and the file they came from, as given on the command line (named in the study's notes). */
export interface TunedFrom extends TunedValues { file: string }

export type TunedOverrides = Partial<Record<PaperMethod, TunedFrom>>;

export function readTunedValues(method: PaperMethod, file: string): TunedFrom {
  const { config } = loadConfigOrThrow(file);
  const { batch_size: batchSize, learning_rate: learningRate } = config.training;
  if (method === 'de') {
    if (config.method.type !== 'ensemble') throw new LocatedError(`--tuned de=…: the config trains a ${config.method.type}, not a deep ensemble`, { file, field: 'method.type' }, 'ensemble');
    return { file, batchSize, learningRate };
  }
  const bnn = config.method.type === 'bnn' ? config.method.bnn : undefined;
  if (!bnn || bnn.estimator !== method) {
    throw new LocatedError(`--tuned ${method}=…: the config trains ${bnn ? `a ${bnn.estimator} BNN` : `a ${config.method.type}`}, not ${method}`, { file, field: bnn ? 'method.bnn.estimator' : 'method.type' }, method);
  }
  return { file, batchSize, learningRate, priorScale: bnn.prior_scale, qScale: bnn.q_scale, sigmaObs: bnn.sigma_obs_energy, trainSamples: bnn.train_samples };
}

/** The repeatable --tuned METHOD=CONFIG items, one per method. */
export function parseTuned(items: readonly string[], cwd: string): TunedOverrides {
  const out: TunedOverrides = {};
  for (const item of items) {
    const m = /^([a-z]+)=(.+)$/.exec(item.trim());
    const method = m?.[1] as PaperMethod | undefined;
    if (!m || !method || !PAPER_METHODS.includes(method)) throw new ArgError(`--tuned ${item}: expected METHOD=CONFIG with METHOD one of ${PAPER_METHODS.join(', ')}, e.g. radial=qm7-radial-search/best.mlip.yaml`);
    if (out[method]) throw new ArgError(`--tuned: ${method} is given twice`);
    // Read from the resolved path; the study's notes name the file as it was given, not this machine's absolute path.
    out[method] = { ...readTunedValues(method, resolve(cwd, m[2])), file: m[2] };
  }
  return out;
}

/** One line per overridden method for the study's notes: where its values came from and what they are. */
export function tunedNote(t: TunedOverrides): string[] {
  return PAPER_METHODS.filter((m) => t[m]).map((m) => {
    const v = t[m]!;
    // A search's values carry float noise (0.0004381420778366846): four significant digits say them.
    const g = (x: number | undefined) => String(Number(x!.toPrecision(4)));
    const bnn = v.priorScale !== undefined ? `, prior ${g(v.priorScale)}, q_scale ${g(v.qScale)}, σ_obs ${g(v.sigmaObs)}, ${v.trainSamples} weight sample${v.trainSamples === 1 ? '' : 's'} per step` : '';
    return `${m}: values from ${v.file} (batch ${v.batchSize}, lr ${g(v.learningRate)}${bnn}) instead of the paper's TiO2 ones.`;
  });
}
