/** Column labels of the study table. TODO(lead): from the metric catalogue once it lands. */
import type { StudyMetric } from './paper-study';

export const STUDY_COLUMN_LABELS: Record<StudyMetric, string> = {
  rmse: 'RMSE', mae: 'MAE', nllNo2pi: 'NLL (no 2π)', mace: 'MACE', forceRmse: 'force RMSE', maxError: 'max |e|', rmsce: 'RMSCE',
  sharpness: 'sharpness', r2AbsErrorOnSigma: 'R²(σ, |e|)', topQuartileOverlapPercent: 'overlap %', nll: 'NLL', ece10: 'ECE₁₀',
  forceMae: 'force MAE', forceEce10: 'force ECE₁₀',
};
