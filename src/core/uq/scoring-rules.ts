/**
 * Proper scoring rules for a Gaussian prediction N(ŷ, σ²), negatively oriented (smaller is better),
 * each the mean over points, as uncertainty-toolbox 0.1.1 (metrics_scoring_rule.py). σ is floored at
 * 1e−8 (inputs.ts).
 */
import { flooredSigma, linspace, type Vector } from './inputs';
import { normalCdf, normalPdf, normalPpf } from './special-functions';
import { ascendingOrder, lowerBound, upperBound } from './sorting';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * Gaussian NLL = mean ½[log(2πσ²) + e²/σ²] (scipy's norm.logpdf, as uncertainty-toolbox), σ floored at
 * 1e−8 like every other metric: exactly `gaussianNllNo2pi + ½·log 2π`.
 */
export function gaussianNll(yTrue: Vector, yPred: Vector, yStd: Vector): number {
  return gaussianNllNo2pi(yTrue, yPred, yStd) + HALF_LOG_2PI;
}

/**
 * The same NLL without the constant ½·log 2π, as the paper's first tables print it: mean ½[log σ² + e²/σ²],
 * with the same σ floor (1e−8), so the two variants always differ by exactly ½·log 2π ≈ 0.9189.
 * (A variance clamp in one variant only, as torch's GaussianNLLLoss applies, would floor σ at 1 meV/atom
 * there and nowhere else: one run then printed 81.97 with 2π and −5.15 without.)
 */
export function gaussianNllNo2pi(yTrue: Vector, yPred: Vector, yStd: Vector): number {
  const s = flooredSigma(yStd);
  let sum = 0;
  for (let i = 0; i < s.length; i++) {
    const z = (yPred[i] - yTrue[i]) / s[i];
    sum += Math.log(s[i]) + 0.5 * z * z;
  }
  return sum / s.length;
}

/**
 * What the authors' code computed (farrisric/bayesaenet, bnn_aenet/utils/metrics.py:
 * torch.nn.GaussianNLLLoss(full=False) on std²): mean ½[log v + e²/v], v = max(σ², 1e−6), i.e. σ below
 * 1e−3 counts as 1e−3. Not one of the report's metrics (it breaks the ½·log 2π relation above); kept to
 * compare with the paper's own numbers and the reference file's `nll_without_2pi`, computed this way.
 */
export const TORCH_GAUSSIAN_NLL_EPS = 1e-6;
export function gaussianNllTorchClamped(yTrue: Vector, yPred: Vector, yStd: Vector, varianceFloor = TORCH_GAUSSIAN_NLL_EPS): number {
  let sum = 0;
  for (let i = 0; i < yStd.length; i++) {
    const v = Math.max(yStd[i] * yStd[i], varianceFloor);
    const e = yPred[i] - yTrue[i];
    sum += 0.5 * (Math.log(v) + (e * e) / v);
  }
  return sum / yStd.length;
}

/** CRPS = mean σ·[z(2Φ(z) − 1) + 2φ(z) − 1/√π], z = (y − ŷ)/σ. */
export function crpsGaussian(yTrue: Vector, yPred: Vector, yStd: Vector): number {
  const s = flooredSigma(yStd);
  let sum = 0;
  for (let i = 0; i < s.length; i++) {
    const z = (yTrue[i] - yPred[i]) / s[i];
    sum += s[i] * (z * (2 * normalCdf(z) - 1) + 2 * normalPdf(z) - 1 / Math.sqrt(Math.PI));
  }
  return sum / s.length;
}

/**
 * Residual sums in the order of the normalised residual r = e/σ (e = ŷ − y): prefix sums of e and σ,
 * so that a sum over {i : r_i > c} or {i : r_i < c} is one binary search. Both the check and the
 * interval score decide, per level, which side of a bound each point lies on, and sum e + σ·z there:
 * O(n log n + levels·log n) instead of O(n·levels).
 */
interface ResidualSums {
  r: Float64Array;
  cumE: Float64Array;
  cumS: Float64Array;
}

function residualSums(yTrue: Vector, yPred: Vector, yStd: Vector): ResidualSums {
  const s = flooredSigma(yStd);
  const n = s.length;
  const rRaw = new Float64Array(n);
  for (let i = 0; i < n; i++) rRaw[i] = (yPred[i] - yTrue[i]) / s[i];
  const order = ascendingOrder(rRaw);
  const r = new Float64Array(n);
  const cumE = new Float64Array(n + 1);
  const cumS = new Float64Array(n + 1);
  for (let k = 0; k < n; k++) {
    const i = order[k];
    r[k] = rRaw[i];
    cumE[k + 1] = cumE[k] + (yPred[i] - yTrue[i]);
    cumS[k + 1] = cumS[k] + s[i];
  }
  return { r, cumE, cumS };
}

/** Σ (e + σz) over sorted positions [from, to). */
function sumShifted(p: ResidualSums, from: number, to: number, z: number): number {
  return p.cumE[to] - p.cumE[from] + z * (p.cumS[to] - p.cumS[from]);
}

/**
 * Check (pinball) score averaged over q = linspace(0.01, 0.99, resolution):
 * mean_q mean_i (1[ŷ_q ≥ y] − q)(ŷ_q − y), ŷ_q = ŷ + σ·Φ⁻¹(q). With d = ŷ_q − y = e + σz, d ≥ 0 ⟺ r ≥ −z.
 */
export function checkScore(yTrue: Vector, yPred: Vector, yStd: Vector, resolution = 99): number {
  const p = residualSums(yTrue, yPred, yStd);
  const n = p.r.length;
  const qs = linspace(0.01, 0.99, resolution);
  let total = 0;
  for (const q of qs) {
    const z = normalPpf(q);
    const from = lowerBound(p.r, -z);
    total += (sumShifted(p, from, n, z) - q * sumShifted(p, 0, n, z)) / n;
  }
  return total / qs.length;
}

/**
 * Interval score averaged over central intervals p = linspace(0.01, 0.99, resolution), bounds
 * l = ŷ + σΦ⁻¹(½ − p/2), u = ŷ + σΦ⁻¹(½ + p/2):
 * mean_p mean_i (u − l) + (2/(1 − p))·(l − y)·1[l > y] + (2/(1 − p))·(y − u)·1[y > u];
 * l > y ⟺ r > −z_l and y > u ⟺ r < −z_u.
 */
export function intervalScore(yTrue: Vector, yPred: Vector, yStd: Vector, resolution = 99): number {
  const p = residualSums(yTrue, yPred, yStd);
  const n = p.r.length;
  const ps = linspace(0.01, 0.99, resolution);
  let total = 0;
  for (const level of ps) {
    const zl = normalPpf(0.5 - level / 2);
    const zu = normalPpf(0.5 + level / 2);
    const w = 2 / (1 - level);
    const width = (zu - zl) * p.cumS[n];
    const below = sumShifted(p, upperBound(p.r, -zl), n, zl); // Σ (l − y) where l > y
    const above = -sumShifted(p, 0, lowerBound(p.r, -zu), zu); // Σ (y − u) where y > u
    total += (width + w * below + w * above) / n;
  }
  return total / ps.length;
}
