/**
 * The dashboard's plain-words warning when the latest validation snapshot says σ is far off (its fitted
 * σ scale outside [0.5, 2]): the same sentence as the report and the CLI (src/core/uq), and that the
 * charts here show the model's raw σ while the report will show it recalibrated. Once the run has finished,
 * the best epoch's fit from the `finished` summary (the report's own) replaces the last snapshot's.
 */
import { miscalibrationWarning } from '../../src/core/uq/miscalibration-warning';
import { el } from '../shared/dom';
import type { RunModel } from './run-model';

export function calibrationWarnings(m: RunModel): HTMLElement[] {
  const out: HTMLElement[] = [];
  for (const q of ['energy', 'forces'] as const) {
    // A finished run's summary holds the best epoch's fit (the report's): it supersedes the last snapshot.
    const name = q === 'energy' ? 'Energy' : 'Force';
    const s = m.finished?.summary;
    const final = s && typeof s[`validation${name}Mace`] === 'number';
    const c = m.calibration[q];
    const scale = final ? s[`validation${name}SigmaScale`] : c?.sigmaScale;
    if (scale === undefined || scale === null) continue;
    const when = final ? `best epoch ${m.finished!.bestEpoch}` : `epoch ${c!.epoch}`;
    const text = miscalibrationWarning({ quantity: q === 'energy' ? 'energy' : 'force', scale, shown: 'raw' });
    if (text) out.push(el('p', { class: 'warning calibration-warning', role: 'status', 'data-quantity': q, text: `⚠ ${text} (${when}; the report recalibrates σ.)` }));
  }
  return out;
}
