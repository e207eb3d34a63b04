/** The uncertainty metrics, one module per family; `evaluatePredictions` computes them all. */
export * from './special-functions';
export * from './inputs';
export * from './accuracy';
export * from './calibration';
export * from './scoring-rules';
export * from './ranking';
export * from './sorting';
export * from './intervals';
export * from './recalibration';
export * from './calibration-scale';
export * from './isotonic-recalibration';
export * from './recalibrate';
export * from './miscalibration-warning';
export * from './recalibration-factor';
export * from './evaluate';
export * from './prediction-table';
export * from './metric-catalogue';
