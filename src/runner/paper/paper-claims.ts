/**
 * The authors' reading of their tables (paper-protocol.md §4.1, §4.2), one claim at a time, as checks on
 * a table of means. Each check says "reproduced" or "not reproduced" with the numbers it compared, or
 * "not measurable" when a method or regime it needs was not run. Run on the paper's own numbers, every
 * claim holds (test/runner/paper/paper-claims.test.ts): that is how the encoding is checked.
 */
import type { PaperStudy, StudyMetric } from './paper-study';
import { METHOD_LABELS, type PaperMethod, type PaperRegime } from './paper-values';

/** Mean over seeds of one metric of one (method, regime); undefined when not run or not defined. */
export type Lookup = (method: PaperMethod, regime: PaperRegime, metric: StudyMetric) => number | undefined;

export interface ClaimResult { holds: boolean; detail: string }
export interface Claim { text: string; check: (v: Lookup) => ClaimResult | null }

const BNNS: readonly PaperMethod[] = ['flipout', 'lrt', 'radial'];
const fmt = (x: number) => (Math.abs(x) >= 0.01 && Math.abs(x) < 1000 ? x.toPrecision(3) : x.toExponential(2));

/** The values of `metric` for the methods given, those present only. */
function values(v: Lookup, regime: PaperRegime, metric: StudyMetric, methods: readonly PaperMethod[]): [PaperMethod, number][] {
  return methods.map((m) => [m, v(m, regime, metric)] as [PaperMethod, number | undefined])
    .filter((e): e is [PaperMethod, number] => typeof e[1] === 'number' && Number.isFinite(e[1]));
}

const list = (xs: [PaperMethod, number][]) => xs.map(([m, x]) => `${METHOD_LABELS[m]} ${fmt(x)}`).join(', ');

/** `who` is strictly better than every other method given (better: lower, or higher for `higher`). */
function best(who: PaperMethod, regime: PaperRegime, metric: StudyMetric, among: readonly PaperMethod[], higher = false) {
  return (v: Lookup): ClaimResult | null => {
    const xs = values(v, regime, metric, among);
    const mine = xs.find(([m]) => m === who);
    const others = xs.filter(([m]) => m !== who);
    if (!mine || !others.length) return null;
    const holds = others.every(([, x]) => (higher ? mine[1] > x : mine[1] < x));
    return { holds, detail: `${metric}: ${list(xs)}` };
  };
}

/** Every check holds (null when any is not measurable). */
function all(...checks: ((v: Lookup) => ClaimResult | null)[]) {
  return (v: Lookup): ClaimResult | null => {
    const r = checks.map((c) => c(v));
    if (r.some((x) => x === null)) return null;
    const ok = r as ClaimResult[];
    return { holds: ok.every((x) => x.holds), detail: ok.map((x) => x.detail).join('; ') };
  };
}

/** Ratio of every BNN's `metric` to DE's lies at least at `min` (the paper's "2.3–3.4× lower RMSE"). */
function deAheadBy(regime: PaperRegime, metric: StudyMetric, min: number) {
  return (v: Lookup): ClaimResult | null => {
    const de = v('de', regime, metric);
    const bnn = values(v, regime, metric, BNNS);
    if (de === undefined || !bnn.length || !(de > 0)) return null;
    const ratios = bnn.map(([m, x]) => [m, x / de] as [PaperMethod, number]);
    return { holds: ratios.every(([, r]) => r >= min), detail: `BNN ${metric} / DE: ${list(ratios)} (claim: ≥ ${min}×)` };
  };
}

/** Best BNN within `factor` of DE or better: "competitive". */
function competitive(regime: PaperRegime, metric: StudyMetric, factor: number) {
  return (v: Lookup): ClaimResult | null => {
    const de = v('de', regime, metric);
    const bnn = values(v, regime, metric, BNNS);
    if (de === undefined || !bnn.length) return null;
    const top = Math.min(...bnn.map(([, x]) => x));
    return { holds: top <= factor * de, detail: `${metric}: DE ${fmt(de)}, BNNs ${list(bnn)} (competitive: best BNN ≤ ${factor}× DE)` };
  };
}

/** "Badly calibrated": MACE at least twice the best BNN's. */
function badlyCalibrated(who: PaperMethod, regime: PaperRegime) {
  return (v: Lookup): ClaimResult | null => {
    const xs = values(v, regime, 'mace', BNNS);
    const mine = xs.find(([m]) => m === who);
    const others = xs.filter(([m]) => m !== who);
    if (!mine || !others.length) return null;
    const bestOther = Math.min(...others.map(([, x]) => x));
    return { holds: mine[1] >= 2 * bestOther, detail: `mace: ${list(xs)} (badly: ≥ 2× the best other BNN)` };
  };
}

const ALL: readonly PaperMethod[] = ['de', 'flipout', 'lrt', 'radial'];

export const CLAIMS: Record<PaperStudy, Claim[]> = {
  tio2: [
    { text: 'full data: the ensemble has a lower RMSE than every BNN, by 2× or more (paper: 2.3–3.4×)', check: all(best('de', 'full', 'rmse', ALL), deAheadBy('full', 'rmse', 2)) },
    { text: 'full data: the ensemble has the lowest NLL', check: best('de', 'full', 'nllNo2pi', ALL) },
    { text: 'full data: the ensemble is the best calibrated (MACE and RMSCE)', check: all(best('de', 'full', 'mace', ALL), best('de', 'full', 'rmsce', ALL)) },
    { text: 'full data: the ensemble\'s σ follows its errors best (R² of σ on |e|)', check: best('de', 'full', 'r2AbsErrorOnSigma', ALL, true) },
    { text: 'full data: LRT is the best-calibrated BNN (MACE)', check: best('lrt', 'full', 'mace', BNNS) },
    { text: 'full data: radial is the sharpest method but badly calibrated', check: all(best('radial', 'full', 'sharpness', ALL), badlyCalibrated('radial', 'full')) },
    { text: 'subset: Flipout and LRT have a lower RMSE than the ensemble', check: all(best('flipout', 'subset', 'rmse', ['de', 'flipout']), best('lrt', 'subset', 'rmse', ['de', 'lrt'])) },
    { text: 'subset: the ensemble keeps the best MAE, NLL and ranking (R² of σ on |e|)', check: all(best('de', 'subset', 'mae', ALL), best('de', 'subset', 'nllNo2pi', ALL), best('de', 'subset', 'r2AbsErrorOnSigma', ALL, true)) },
    { text: 'subset: radial has the lowest calibration error (MACE)', check: best('radial', 'subset', 'mace', ALL) },
  ],
  'tio2-forces': [
    { text: 'the ensemble has the lowest energy and force RMSE', check: all(best('de', 'full', 'rmse', ALL), best('de', 'full', 'forceRmse', ALL)) },
    { text: 'the ensemble has the lowest energy NLL and ECE', check: all(best('de', 'full', 'nll', ALL), best('de', 'full', 'ece10', ALL)) },
  ],
  qm7: [
    { text: 'the BNNs are competitive or better on energy RMSE (best BNN within 1.25× DE)', check: competitive('full', 'rmse', 1.25) },
    { text: 'the BNNs are competitive or better on calibration (best BNN ECE within 1.25× DE)', check: competitive('full', 'ece10', 1.25) },
    { text: 'the ensemble keeps the best MAE and NLL', check: all(best('de', 'full', 'mae', ALL), best('de', 'full', 'nll', ALL)) },
  ],
};

/** One Markdown line per claim: reproduced / not reproduced / not measurable, with the numbers. */
export function claimLines(study: PaperStudy, v: Lookup): string[] {
  return CLAIMS[study].map((c) => {
    const r = c.check(v);
    if (r === null) return `- Paper: "${c.text}": not measurable (a method or regime it needs was not run).`;
    return `- Paper: "${c.text}": **${r.holds ? 'reproduced' : 'not reproduced'}** (${r.detail}).`;
  });
}
