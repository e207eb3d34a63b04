/** Hyperparameter sweeps: the sweep file, samplers (grid, random, TPE), the median pruner and the sweep state. */
export * from './types';
export { SWEEP_SCHEMA, SWEEP_FILE_PATTERN, isSweepFile, sweepValidator } from './sweep-schema';
export { diagnoseSweepText, loadSweepOrThrow, slurmOptionsOf, type LoadedSweep, type SweepFileOptions } from './sweep-file';
export { parseFieldPath, setAtPath, lookupField } from './field-path';
export { drawRandom, gridValues, gridPoint, gridSize } from './space';
export { tpeSuggest, fitParzen, parzenLogDensity, splitObservations, TPE_GAMMA, type Observation } from './tpe';
export { shouldPrune, median, type Curve, type PruneDecision } from './median-pruner';
export { suggestParams, plannedTrials, observations } from './sampler';
export { trialConfig, absolutePaths } from './trial-config';
export * from './sweep-state';
export { resultsCsv, resultsMarkdown } from './results-table';
