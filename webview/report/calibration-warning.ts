/**
 * Recalibrated or raw σ in the report viewer. By default the viewer shows σ as the run recalibrated it on
 * validation (energy factor; force components by their atom's element, src/core/uq/recalibration-factor.ts):
 * every per-point figure (parity bars, σ histogram, intervals, error vs σ with the recalibrated bins)
 * uses it, while the metric tables keep their labelled raw and recalibrated rows. A banner says which σ
 * is shown, with the plain-words warning when the validation scale was outside [0.5, 2], and a button
 * switches to the model's raw σ and back. A quantity whose held-out validation folds kept raw σ (method
 * "none") is shown raw, and the banner says why; with nothing recalibrated there is no switch.
 */
import type { NumberArray, QuantityName, SetName, UqReport } from '../../src/protocol/report';
import { SET_NAMES } from '../../src/protocol/report';
import { recalibrationWarnings } from '../../src/core/uq/miscalibration-warning';
import {
  isFittedRecalibration, keptRawSigma, KEPT_RAW_SIGMA_SENTENCE, recalibrationFactor,
} from '../../src/core/uq/recalibration-factor';
import { el } from '../shared/dom';
import { decodeNumbers } from './report-data';

export type SigmaShown = 'recalibrated' | 'raw';
let shown: SigmaShown = 'recalibrated';

export function sigmaShown(): SigmaShown {
  return shown;
}

function hasRecalibration(r: UqReport): boolean {
  return isFittedRecalibration(r.recalibration?.energy) || isFittedRecalibration(r.recalibration?.forces);
}

/** The report as the viewer draws it: σ multiplied by the run's recalibration unless raw σ is chosen. */
export function viewedReport(r: UqReport): UqReport {
  if (shown === 'raw' || !hasRecalibration(r)) return r;
  const e = r.recalibration.energy, f = r.recalibration.forces;
  const ke = recalibrationFactor(e);
  const predictions: UqReport['predictions'] = {};
  const metrics: UqReport['metrics'] = {};
  for (const s of SET_NAMES as readonly SetName[]) {
    const p = r.predictions?.[s];
    if (p) {
      const forces = p.forces && f ? { ...p.forces, std: scaledForces(p.forces.std, p.forces.elements, (el) => recalibrationFactor(f, el)) } : p.forces;
      predictions[s] = { ...p, structures: (p.structures ?? []).map((x) => ({ ...x, energyStd: x.energyStd * (e ? ke : 1) })), ...(forces ? { forces } : {}) };
    }
    const m = r.metrics?.[s];
    if (m) {
      // the error-vs-σ bins follow the σ drawn
      const q = (name: QuantityName) => {
        const qm = m[name];
        return qm?.recalibrated ? { ...qm, raw: { ...qm.raw, errorVsSigma: qm.recalibrated.errorVsSigma } } : qm;
      };
      metrics[s] = { ...(m.energy ? { energy: q('energy') } : {}), ...(m.forces ? { forces: q('forces') } : {}) };
    }
  }
  return { ...r, predictions, metrics };
}

function scaledForces(std: NumberArray, elements: string[] | undefined, factor: (el?: string) => number): number[] {
  const s = decodeNumbers(std);
  const pooled = factor();
  const byElement = new Map<string, number>();
  const out = new Array<number>(s.length);
  for (let k = 0; k < s.length; k++) {
    const name = elements?.[Math.floor(k / 3)];
    let f = pooled;
    if (name !== undefined) {
      f = byElement.get(name) ?? factor(name);
      byElement.set(name, f);
    }
    out[k] = s[k] * f;
  }
  return out;
}

/** The quantities whose held-out validation folds kept raw σ (method "none"). */
function keptRaw(r: UqReport): QuantityName[] {
  return (['energy', 'forces'] as const).filter((q) => keptRawSigma(r.recalibration?.[q]));
}

/** The banner's sentence on which σ is shown, or null when the report has no recalibration to speak of. */
export function sigmaShownText(r: UqReport, as: SigmaShown): string | null {
  const kept = keptRaw(r);
  if (!hasRecalibration(r)) return kept.length ? `${KEPT_RAW_SIGMA_SENTENCE}.` : null;
  if (as === 'raw') return 'σ shown: the model\'s raw σ, not recalibrated.';
  const e = r.recalibration.energy, f = r.recalibration.forces;
  const method = (isFittedRecalibration(e) ? e?.method : f?.method) ?? 'scale';
  const keptNote = kept.length ? ` ${kept.map((q) => (q === 'energy' ? 'Energy' : 'Force')).join(' and ')} ${KEPT_RAW_SIGMA_SENTENCE}.` : '';
  return `σ shown: recalibrated on the validation set (${method === 'isotonic' ? 'isotonic map' : 'σ scale'}${isFittedRecalibration(e) ? `, energy ×${recalibrationFactor(e).toPrecision(3)}` : ''}); metric tables list raw and recalibrated rows.${keptNote}`;
}

/** Which σ is shown, the warnings, and the switch; `rerender` redraws the viewer after a switch. */
export function calibrationBanner(r: UqReport, rerender: () => void): HTMLElement | null {
  const text = sigmaShownText(r, shown);
  if (!text) return null;
  const box = el('div', { class: 'calibration-banner', 'data-sigma': hasRecalibration(r) ? shown : 'raw' });
  box.appendChild(el('p', { class: 'info', text }));
  for (const w of recalibrationWarnings(r.recalibration, shown)) box.appendChild(el('p', { class: 'warning calibration-warning', role: 'status', text: `⚠ ${w}` }));
  if (!hasRecalibration(r)) return box; // raw σ kept throughout: nothing to switch
  const button = el('button', { type: 'button', id: 'toggle-sigma', text: shown === 'recalibrated' ? 'Show raw σ' : 'Show recalibrated σ' });
  button.addEventListener('click', () => { shown = shown === 'recalibrated' ? 'raw' : 'recalibrated'; rerender(); });
  box.appendChild(button);
  return box;
}
