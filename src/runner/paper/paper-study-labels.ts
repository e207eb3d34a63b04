/** Column labels of the study table: the metric catalogue's, "force …" for the force-component columns. */
import { METRICS } from '../../core/uq/metric-catalogue';
import type { StudyMetric } from './paper-study';

const force = (k: 'rmse' | 'mae' | 'ece10') => `force ${METRICS[k].label}`;

export const STUDY_COLUMN_LABELS: Record<StudyMetric, string> = {
  rmse: METRICS.rmse.label, mae: METRICS.mae.label, nllNo2pi: METRICS.nllNo2pi.label, mace: METRICS.mace.label, forceRmse: force('rmse'),
  maxError: METRICS.maxError.label, rmsce: METRICS.rmsce.label, sharpness: METRICS.sharpness.label, r2AbsErrorOnSigma: METRICS.r2AbsErrorOnSigma.label,
  topQuartileOverlapPercent: METRICS.topQuartileOverlapPercent.label, nll: METRICS.nll.label, ece10: METRICS.ece10.label,
  forceMae: force('mae'), forceEce10: force('ece10'),
};
