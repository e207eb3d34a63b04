/**
 * The files of a run directory, the unit of truth (architecture.md): named once here for the runner
 * that writes them and for every reader (report builder, CLI, extension).
 */
export const RUN_FILES = {
  /** the config as the run used it, defaults applied */
  config: 'config.resolved.json',
  split: 'split.json',
  /** NDJSON run events (src/protocol/events.ts) */
  events: 'events.ndjson',
  checkpoint: 'checkpoint.json',
  model: 'model.json',
  /** per-structure predictions with σ (format: src/core/report/run-dir-inputs.ts) */
  predictions: 'predictions.json',
  report: 'report.uqreport.json',
  /** out-of-distribution thresholds fitted on validation (src/core/selection/ood.ts), read by predict */
  ood: 'ood-thresholds.json',
} as const;
