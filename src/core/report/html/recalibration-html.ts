/**
 * The HTML report's recalibration section: the plain-words warning when σ was far off on validation,
 * then per quantity how σ was recalibrated (method chosen on held-out folds, scales, per element for
 * forces; or that raw σ was kept, method "none") and the validation and test calibration raw against
 * each fitted method.
 */
import {
  FITTED_RECALIBRATION_METHODS, QUANTITY_NAMES, SET_NAMES, type RecalibrationMethod, type UqReport,
} from '../../../protocol/report';
import { recalibrationWarnings } from '../../uq/miscalibration-warning';
import { formatMetric } from '../format-number';
import { esc } from './escape';

const DEFAULT_LABELS: Record<RecalibrationMethod, string> = {
  none: 'none: σ shown as the model gives it, because raw σ was better calibrated on held-out validation folds than either fit',
  scale: 'σ scale',
  isotonic: 'isotonic map (uncertainty-toolbox) on the σ scale',
};

export function recalibrationHtml(r: UqReport): string {
  const warnings = recalibrationWarnings(r.recalibration).map((w) => `<p class="warning"><strong>⚠ ${esc(w)}</strong></p>`);
  const blocks: string[] = [];
  for (const q of QUANTITY_NAMES) {
    const rec = r.recalibration?.[q];
    if (!rec?.method) continue;
    const facts = [
      `default: ${DEFAULT_LABELS[rec.method]}`,
      `${rec.perElement ? 'pooled σ scale' : 'σ scale'} ${formatMetric(rec.scale)} (plain NLL optimum ${formatMetric(rec.nllScale ?? null)})`,
      ...(rec.isotonicSigmaFactor !== undefined ? [`isotonic ±1σ factor ${formatMetric(rec.isotonicSigmaFactor)}`] : []),
      ...(rec.heldOutMace ? [`held-out MACE (${rec.heldOutMace.folds} folds): ${rec.heldOutMace.none !== undefined ? `raw ${formatMetric(rec.heldOutMace.none)}, ` : ''}scale ${formatMetric(rec.heldOutMace.scale)}, isotonic ${formatMetric(rec.heldOutMace.isotonic)}`] : []),
      ...(rec.perElement ? [`per element: ${Object.entries(rec.perElement).map(([el, g]) => `${el} ×${formatMetric(g.scale)}`).join(', ')}`] : []),
      `${rec.count} validation values`,
    ];
    const rows: string[] = [];
    for (const s of SET_NAMES) {
      const qm = r.metrics[s]?.[q];
      if (!qm) continue;
      const cells = [qm.raw, ...FITTED_RECALIBRATION_METHODS.map((m) => qm.recalibratedBy?.[m])].map((ev) => `<td>${ev ? `${formatMetric(ev.metrics.mace)} / ${formatMetric(ev.metrics.picp95)}` : '—'}</td>`);
      rows.push(`<tr><td>${esc(s)}</td>${cells.join('')}</tr>`);
    }
    blocks.push(`<h3>${esc(q)}: recalibration</h3><p>${esc(facts.join('; '))}.</p>`
      + `<table><tr><th>MACE / PICP 95 %</th><th>raw${rec.method === 'none' ? ' (default)' : ''}</th>${FITTED_RECALIBRATION_METHODS.map((m) => `<th>${m}${m === rec.method ? ' (default)' : ''}</th>`).join('')}</tr>${rows.join('')}</table>`);
  }
  return [...warnings, ...blocks].join('\n');
}
