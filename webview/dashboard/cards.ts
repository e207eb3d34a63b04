/**
 * The dashboard's charts and how each one maps runs onto series. One card holds one quantity (train
 * beside validation where the events carry both as the same quantity), and other runs overlaid on the
 * dashboard draw on the same axes, each run in its own colour with its name in the legend.
 */
import { METRICS, quantityUnit } from '../../src/core/uq/metric-catalogue';
import { ChartCard, type CardOptions, type ExportRequest, type Series } from '../shared/chart-card';
import type { Pt } from '../shared/decimate';
import { colourFor, withAlpha } from '../shared/palette';
import { themeColours } from '../shared/theme';
import { memberBand } from './member-band';
import { hasForces, isBnn, isEnsemble, lossKind, type LossKind, type RunModel } from './run-model';

const RMSE = METRICS.rmse.label, MACE = METRICS.mace.label;
const E_UNIT = quantityUnit('energy', 'milli'), F_UNIT = quantityUnit('forces');

/** Why the snapshot's MACE differs from the report's (shown beside it). */
export const SNAPSHOT_NOTE = 'model of this epoch, 21 levels, raw σ; the report evaluates the best epoch on 100 levels';

const scale = (pts: Pt[], k: number): Pt[] => pts.map((p) => ({ x: p.x, y: p.y * k }));

/** A run drawn on the dashboard: the one it shows first, then the ones overlaid on it. */
export interface RunOnAxes { id: string; model: RunModel }

/** The colour of the i-th run on the axes when several are drawn (the shown run first). */
export function runColour(i: number): string {
  const s = themeColours().series;
  return s[i % s.length];
}

/** Axis titles of the loss card per kind of train loss (see lossKind). */
function lossAxes(kind: LossKind, forces: boolean): { y: string; y2: string; note: string } {
  const rmse = forces ? '(1−α)·RMSE(E/N) + α·RMSE(F)' : 'RMSE(E/N)';
  const val = `validation loss: ${rmse}, normalised`;
  if (kind === 'rmse') return { y: `loss: ${rmse}, normalised`, y2: val, note: '' };
  if (kind === 'nll') return { y: 'train loss: Gaussian NLL per structure', y2: val, note: 'train (NLL) and validation (RMSE) are different quantities: each on its own axis' };
  return { y: 'train objective: NLL + KL/N per structure', y2: val, note: 'the objective carries the KL term (ELBO card) and is not the validation RMSE: each on its own axis' };
}

export interface DashboardCards {
  all: ChartCard[];
  update(runs: RunOnAxes[]): void;
}

export function createCards(maxPoints: number, onExport: (r: ExportRequest) => void): DashboardCards {
  const card = (id: string, title: string, xLabel: string, yLabel: string, extra: Partial<CardOptions> = {}) =>
    new ChartCard({ id, title, xLabel, yLabel, kind: 'curve', maxPoints, logYAllowed: true, ...extra }, onExport);
  // Losses and errors fall over decades, so they start on a log axis (symlog where a term turns
  // negative); the learning rate starts linear (a schedule's shape reads on it) and follows the toggle.
  const lossLike = { logYByDefault: true };
  const loss = card('loss', 'Loss', 'epoch', 'loss', { y2Label: 'validation loss', ...lossLike });
  const terms = card('elbo', 'ELBO terms (BNN)', 'epoch', 'data term: NLL per structure', { y2Label: 'KL term: KL / N_train', ...lossLike });
  const members = card('members', 'Ensemble members', 'epoch', 'train loss (normalised)', {
    y2Label: `val energy ${RMSE} (${E_UNIT})`,
    toggles: [{ group: 'members', label: 'members', title: 'Show each member' }],
    ...lossLike,
  });
  const rmse = card('rmse', `Validation ${RMSE}`, 'epoch', `energy (${E_UNIT})`, { y2Label: `forces (${F_UNIT})`, ...lossLike });
  const lr = card('lr', 'Learning rate', 'epoch', 'learning rate');
  const speed = card('speed', 'Seconds per epoch', 'epoch', 's/epoch', { logYAllowed: false });
  // Coverage is bounded to [0, 1] and reads against the diagonal: never log (it squeezed the axes to 0.94–1.06).
  const calib = new ChartCard({ id: 'calibration', title: 'Calibration (validation)', xLabel: 'expected coverage', yLabel: 'observed coverage', kind: 'scatter', maxPoints, squareAspect: true }, onExport);
  const parity = new ChartCard({ id: 'parity', title: 'Parity snapshot (validation)', xLabel: 'DFT energy (eV/atom)', yLabel: 'predicted (eV/atom)', kind: 'scatter', maxPoints, squareAspect: true }, onExport);
  const all = [loss, terms, members, rmse, lr, speed, calib, parity];

  const update = (runs: RunOnAxes[]) => {
    const m = runs[0].model;
    const many = runs.length > 1;
    // With one run, series keep their own colours; with several, a colour names a run (solid train,
    // dashed validation) and the legend prefixes the run's name.
    const tag = (i: number, s: Series): Series => (!many ? s : { ...s, key: `${runs[i].id}: ${s.key}`, label: `${runs[i].id} · ${s.label}`, colour: runColour(i) });
    const each = (f: (r: RunModel, i: number) => Series[]): Series[] => runs.flatMap((r, i) => f(r.model, i).map((s) => tag(i, s)));

    // Loss: train and validation on one axis when they are the same quantity, else each on its own.
    const kind = lossKind(m);
    const axes = lossAxes(kind, hasForces(m));
    loss.setAxisLabels(axes.y, axes.y2);
    const valAxis = kind === 'rmse' ? 'y' as const : 'y2' as const;
    const unlike = runs.slice(1).filter((r) => lossKind(r.model) !== kind).map((r) => r.id);
    loss.setSubtitle([
      kind === 'rmse' ? (isEnsemble(m) ? "train: the members' mean over the epoch's batches · validation: the ensemble's mean prediction" : "train: over the epoch's batches · validation: after the epoch") : axes.note,
      unlike.length ? `train loss of ${unlike.join(', ')} not drawn (another quantity)` : '',
    ].filter(Boolean).join(' · '));
    loss.setSeries(each((r) => [
      ...(lossKind(r) === kind ? [{ key: 'train loss', label: 'train loss', points: r.trainLoss }] : []),
      { key: 'validation loss', label: 'validation loss', points: r.valLoss, axis: valAxis, dashed: true },
    ]));

    // The ELBO's two terms on their own card: the data term turns negative (symlog under log y).
    const bnns = runs.some((r) => isBnn(r.model));
    terms.root.hidden = !bnns;
    if (bnns) terms.setSeries(each((r) => (isBnn(r) ? [
      { key: 'data term', label: 'data term', points: r.dataTerm },
      { key: 'KL term', label: 'KL term', points: r.klTerm, axis: 'y2' as const, dashed: true },
    ] : [])));

    // Members: the min–max band and mean of the shown run's members; each member on demand.
    const ens = isEnsemble(m);
    members.root.hidden = !ens;
    if (ens) {
      const n = m.memberTrainLoss.length;
      members.setSubtitle(`${many ? `${runs[0].id} · ` : ''}band: min–max over ${n} members · line: their mean · "members" draws each`);
      const band = (key: string, label: string, pts: Pt[][], axis: 'y' | 'y2', unit?: string): Series[] => {
        const b = memberBand(pts);
        const c = colourFor(key, themeColours().series);
        const edge = withAlpha(c, 0.5);
        return [
          { key: `${key} min`, label: `${label}, members' min`, points: b.min, axis, colour: edge, noLegend: true, unit, pointRadius: 0 },
          { key: `${key} max`, label: `${label}, members' max`, points: b.max, axis, colour: edge, noLegend: true, unit, fillTo: `${key} min` },
          { key: `${key} mean`, label: `${label}, members' mean`, points: b.mean, axis, colour: c, noLegend: true, unit, dashed: axis === 'y2' },
        ];
      };
      members.setSeries([
        ...band('train loss', 'train loss', m.memberTrainLoss, 'y'),
        ...band('validation loss', `val energy ${RMSE}`, m.memberValEnergyRmse.map((p) => scale(p, 1000)), 'y2', E_UNIT),
        ...m.memberTrainLoss.map((pts, i) => ({ key: `member ${i + 1}`, label: `member ${i + 1} train`, points: pts, group: 'members', initiallyHidden: true })),
        ...m.memberValEnergyRmse.map((pts, i) => ({ key: `member ${i + 1}`, label: `member ${i + 1} val E`, points: scale(pts, 1000), axis: 'y2' as const, dashed: true, unit: E_UNIT, group: 'members', initiallyHidden: true })),
      ]);
    }

    // Validation errors in physical units, comparable across runs; forces only where a run has them.
    rmse.setSeries(each((r) => [
      { key: 'energy RMSE', label: `energy ${RMSE}`, points: scale(r.valEnergyRmse, 1000), unit: E_UNIT },
      ...(hasForces(r) ? [{ key: 'force RMSE', label: `force ${RMSE}`, points: r.valForceRmse, axis: 'y2' as const, dashed: true, unit: F_UNIT }] : []),
    ]));
    lr.setSeries(each((r) => [{ key: 'learning rate', label: 'learning rate', points: r.learningRate }]));
    speed.setSeries(each((r) => [{ key: 's/epoch', label: 's/epoch', points: r.secondsPerEpoch, unit: 's' }]));

    const cal = m.calibration.energy ?? m.calibration.forces;
    if (cal) {
      const curve = cal.expected.map((x, i) => ({ x, y: cal.observed[i] }));
      // Not the report's number, and why: this snapshot is the model of its epoch (the report's is the best
      // epoch's), on 21 coverage levels (the report: 100), with raw σ (the report also recalibrates).
      calib.setSubtitle(`epoch ${cal.epoch} · ${cal.quantity} · ${MACE} ${cal.mace.toFixed(3)} · ${SNAPSHOT_NOTE}`);
      const series: Series[] = [
        { key: 'ideal', label: 'ideal', points: [{ x: 0, y: 0 }, { x: 1, y: 1 }], dashed: true, raw: true, noLegend: true, colour: 'rgba(128,128,128,0.8)' },
        { key: `${cal.quantity} calibration`, label: `${cal.quantity} (${MACE} ${cal.mace.toFixed(3)})`, points: curve, raw: true, fillTo: 'ideal' },
      ];
      const other = cal.quantity === 'energy' ? m.calibration.forces : undefined;
      if (other) series.push({ key: 'forces calibration', label: `forces (${MACE} ${other.mace.toFixed(3)})`, points: other.expected.map((x, i) => ({ x, y: other.observed[i] })), raw: true });
      if (many) {
        // The same quantity's latest snapshot of each overlaid run, in the run's colour.
        series.forEach((s, k) => { if (k > 0) Object.assign(s, tag(0, s)); });
        runs.slice(1).forEach((r, j) => {
          const c = r.model.calibration[cal.quantity];
          if (c) series.push(tag(j + 1, { key: `${cal.quantity} calibration`, label: `${cal.quantity} (${MACE} ${c.mace.toFixed(3)}, epoch ${c.epoch})`, points: c.expected.map((x, i) => ({ x, y: c.observed[i] })), raw: true }));
        });
      }
      calib.setSeries(series);
    } else calib.setSeries([]);

    const p = m.parity;
    if (p) {
      const pts = p.y.map((y, i) => ({ x: y, y: p.mu[i], e: p.sigma[i] }));
      const xs = p.y.concat(p.mu).filter(Number.isFinite);
      const lo = Math.min(...xs), hi = Math.max(...xs);
      parity.setSubtitle(`epoch ${p.epoch} · ${pts.length} structures · bars ±σ${many ? ` · ${runs[0].id} only` : ''}`);
      parity.setSeries([
        { key: 'ideal', label: 'y = x', points: [{ x: lo, y: lo }, { x: hi, y: hi }], dashed: true, raw: true, noLegend: true, colour: 'rgba(128,128,128,0.8)' },
        { key: 'parity', label: 'validation structures', points: pts, line: false, errorBars: true, raw: true, unit: 'eV/atom' },
      ]);
    } else parity.setSeries([]);
  };
  return { all, update };
}
