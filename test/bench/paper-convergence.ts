/**
 * How far each run of a paper study was from converging, from its events: the best validation energy RMSE
 * reached, the power law RMSE ≈ a·epoch^(−b) fitted to the running best over the last three quarters of its
 * epochs, and the epochs and minutes that law needs to reach the paper's test RMSE for that method and regime
 * at the run's own seconds per epoch. A projection, not a measurement: it says which goals a bigger budget
 * could meet, and by how much time.
 *
 *   node --import tsx test/bench/paper-convergence.ts [OUT]     (default test-artifacts/paper-7815)
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readEventLines } from '../../src/core/run-dir/read-run-dir';
import { RUN_FILES } from '../../src/protocol/run-dir';
import { PAPER_METHODS, PAPER_NUMBERS, PAPER_REGIMES } from '../../src/runner/paper/paper-values';
import { studyOutDir } from './study-out-dir';

interface Fit { a: number; b: number }

/** Least squares of log y on log x. */
function powerLaw(xs: readonly number[], ys: readonly number[]): Fit {
  const lx = xs.map(Math.log);
  const ly = ys.map(Math.log);
  const mx = lx.reduce((s, v) => s + v, 0) / lx.length;
  const my = ly.reduce((s, v) => s + v, 0) / ly.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < lx.length; i++) {
    sxy += (lx[i] - mx) * (ly[i] - my);
    sxx += (lx[i] - mx) ** 2;
  }
  const slope = sxy / sxx;
  return { a: Math.exp(my - slope * mx), b: -slope };
}

function main(): void {
  const out = studyOutDir('paper-convergence');
  if (!out) return;
  console.log('| run | epochs | s/epoch | best val. RMSE (eV/atom) | fit b (RMSE ∝ epoch^−b) | paper test RMSE | epochs to reach it | minutes at this speed |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const name of readdirSync(out).sort()) {
    const events = join(out, name, RUN_FILES.events);
    const [method, regime] = name.split('-');
    if (!existsSync(events) || !PAPER_METHODS.includes(method as never) || !PAPER_REGIMES.includes(regime as never)) continue;
    const epochs: { epoch: number; rmse: number; seconds: number }[] = [];
    for (const e of readEventLines(events) as { type?: string; epoch?: number; valEnergyRmse?: number; seconds?: number }[]) {
      if (e.type === 'epoch' && typeof e.epoch === 'number' && typeof e.valEnergyRmse === 'number') epochs.push({ epoch: e.epoch, rmse: e.valEnergyRmse, seconds: e.seconds ?? NaN });
    }
    if (epochs.length < 8) continue;
    let best = Infinity;
    const running = epochs.map((e) => (best = Math.min(best, e.rmse)));
    const from = Math.floor(epochs.length / 4);
    const fit = powerLaw(epochs.slice(from).map((e) => e.epoch), running.slice(from));
    const secs = [...epochs.map((e) => e.seconds)].sort((p, q) => p - q)[Math.floor(epochs.length / 2)];
    const target = PAPER_NUMBERS[regime as 'full' | 'subset'][method as 'de']?.rmse;
    // A nearly flat curve (b < 0.2, e.g. a run early stopping on a plateau) extrapolates to absurd epoch counts: not projected.
    const need = target !== undefined && fit.b >= 0.2 ? Math.max(epochs.length, (fit.a / target) ** (1 / fit.b)) : NaN;
    const reached = target !== undefined && best <= target;
    console.log(`| ${name} | ${epochs.length} | ${secs.toFixed(3)} | ${best.toPrecision(3)} | ${fit.b.toFixed(2)} | ${target ?? '—'} | ${reached ? 'reached' : Number.isFinite(need) ? Math.round(need).toLocaleString('en-US') : target === undefined ? '—' : 'flat: not projected'} | ${reached || !Number.isFinite(need) ? '—' : (need * secs / 60).toFixed(0)} |`);
  }
}

main();
