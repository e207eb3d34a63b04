/**
 * Every metric of methods.md §6 for one vector of (y, ŷ, σ) in one call: the scalar set, both
 * calibration curves, and the σ-binned errors. The input is checked first (inputs.ts), so the result
 * never holds a NaN: undefined quantities are `null`.
 */
import type { SourceLocation } from '../errors';
import type { UqEvaluation, UqMetricSet } from '../../protocol/report';
import { accuracyMetrics } from './accuracy';
import { calibrationLevels, calibrationScores, ece10, observedProportions, sortedNormalisedResiduals } from './calibration';
import { checkPredictions, type Predictions } from './inputs';
import { binnedErrorVsSigma, mpiw, picp, sharpness } from './intervals';
import { absoluteErrors, pearson, r2AbsErrorOnSigma, spearman, topQuartileOverlapPercent } from './ranking';
import { checkScore, crpsGaussian, gaussianNll, gaussianNllNo2pi, intervalScore } from './scoring-rules';

export function evaluatePredictions(p: Predictions, where: SourceLocation = {}): UqEvaluation {
  checkPredictions(p, where);
  const { yTrue, yPred, yStd } = p;
  const residuals = sortedNormalisedResiduals(yTrue, yPred, yStd);
  const expected = calibrationLevels(100);
  const interval = observedProportions(residuals, expected, 'interval');
  const quantile = observedProportions(residuals, expected, 'quantile');
  const ci = calibrationScores(expected, interval);
  const cq = calibrationScores(expected, quantile);
  const absErr = absoluteErrors(yTrue, yPred);
  const metrics: UqMetricSet = {
    count: yTrue.length,
    ...accuracyMetrics(yTrue, yPred),
    nll: gaussianNll(yTrue, yPred, yStd),
    nllNo2pi: gaussianNllNo2pi(yTrue, yPred, yStd),
    crps: crpsGaussian(yTrue, yPred, yStd),
    checkScore: checkScore(yTrue, yPred, yStd),
    intervalScore: intervalScore(yTrue, yPred, yStd),
    sharpness: sharpness(yStd),
    rmsce: ci.rmsce,
    mace: ci.mace,
    miscalibrationArea: ci.miscalibrationArea,
    rmsceQuantile: cq.rmsce,
    maceQuantile: cq.mace,
    miscalibrationAreaQuantile: cq.miscalibrationArea,
    ece10: ece10(residuals),
    spearman: spearman(absErr, yStd),
    pearson: pearson(absErr, yStd),
    r2AbsErrorOnSigma: r2AbsErrorOnSigma(absErr, yStd),
    topQuartileOverlapPercent: topQuartileOverlapPercent(absErr, yStd),
    picp95: picp(yTrue, yPred, yStd, 0.95),
    mpiw95: mpiw(yStd, 0.95),
  };
  return { metrics, curves: { expected, interval, quantile }, errorVsSigma: binnedErrorVsSigma(yTrue, yPred, yStd, 10) };
}
