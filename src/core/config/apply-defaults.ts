/**
 * Fills every unset field of a schema-valid config with its default. Maps keyed by element
 * (reference energies, per-element overrides, .stp files) are taken as written; only the chosen
 * method's options block is kept, so code downstream can switch on `method.type`.
 */
import { BNN_TRAINING_DEFAULTS, CONFIG_DEFAULTS } from './defaults';
import type { MethodConfig, MlipConfig, TrainingConfig } from './types';

type Obj = Record<string, unknown>;

function isPlainObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep copy of `defaults` with `given` laid over it; arrays and scalars replace, objects merge. */
function merge<T>(defaults: T, given: unknown): T {
  if (!isPlainObject(defaults) || !isPlainObject(given)) {
    return structuredClone((given === undefined ? defaults : given) as T);
  }
  const out: Obj = {};
  for (const key of new Set([...Object.keys(defaults), ...Object.keys(given)])) {
    out[key] = merge((defaults as Obj)[key], given[key]);
  }
  return out as T;
}

function section(raw: Obj, key: string): Obj {
  const v = raw[key];
  return isPlainObject(v) ? v : {};
}

function resolveMethod(given: Obj): MethodConfig {
  const type = (given.type as MethodConfig['type'] | undefined) ?? CONFIG_DEFAULTS.method.type;
  if (type === 'ensemble') return { type, ensemble: merge(CONFIG_DEFAULTS.method.ensemble, given.ensemble) };
  if (type === 'bnn') return { type, bnn: merge(CONFIG_DEFAULTS.method.bnn, given.bnn) };
  return { type: 'deterministic' };
}

function resolveTraining(given: Obj, method: MethodConfig): TrainingConfig {
  const training = merge(CONFIG_DEFAULTS.training, given);
  if (method.type === 'bnn') {
    // The schema cannot express a default that depends on a sibling section; these follow the paper.
    if (section(given, 'optimizer').beta1 === undefined) training.optimizer.beta1 = BNN_TRAINING_DEFAULTS.beta1;
    if (!('clip' in given)) training.clip = BNN_TRAINING_DEFAULTS.clip;
  }
  return training;
}

/** `raw` must already be valid against the schema (see validateConfig). */
export function applyDefaults(raw: unknown): MlipConfig {
  const root = isPlainObject(raw) ? raw : {};
  const data = section(root, 'data');
  const structures = data.structures;
  const method = resolveMethod(section(root, 'method'));
  const resolvedData = merge(CONFIG_DEFAULTS.data, { ...data, structures: undefined });
  const list = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.map(String) : []);
  const given = (v: unknown): string[] | null => (v === null || v === undefined ? null : list(v));
  return {
    data: {
      ...resolvedData,
      structures: list(structures),
      test_structures: given(data.test_structures),
      validation_structures: given(data.validation_structures),
      // An energy table is in data.units unless it says otherwise (the schema states this in words).
      energies: { ...resolvedData.energies, units: resolvedData.energies.units ?? resolvedData.units },
    },
    descriptor: merge(CONFIG_DEFAULTS.descriptor, root.descriptor),
    network: merge(CONFIG_DEFAULTS.network, root.network),
    method,
    training: resolveTraining(section(root, 'training'), method),
    evaluation: merge(CONFIG_DEFAULTS.evaluation, root.evaluation),
    output: merge(CONFIG_DEFAULTS.output, root.output),
  };
}
