/**
 * The dashboard's plain-words warning when the latest validation snapshot says σ is far off (its fitted
 * σ scale outside [0.5, 2]): the same sentence as the report and the CLI (src/core/uq), and that the
 * charts here show the model's raw σ while the report will show it recalibrated.
 */
import { miscalibrationWarning } from '../../src/core/uq/miscalibration-warning';
import { el } from '../shared/dom';
import type { RunModel } from './run-model';

export function calibrationWarnings(m: RunModel): HTMLElement[] {
  const out: HTMLElement[] = [];
  for (const q of ['energy', 'forces'] as const) {
    const c = m.calibration[q];
    const scale = c?.sigmaScale;
    if (scale === undefined) continue;
    const text = miscalibrationWarning({ quantity: q === 'energy' ? 'energy' : 'force', scale, shown: 'raw' });
    if (text) out.push(el('p', { class: 'warning calibration-warning', role: 'status', 'data-quantity': q, text: `⚠ ${text} (epoch ${c!.epoch}; the report recalibrates σ.)` }));
  }
  return out;
}
