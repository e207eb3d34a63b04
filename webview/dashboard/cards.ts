/** The dashboard's charts and how each one maps the run model onto series. */
import { METRICS, quantityUnit } from '../../src/core/uq/metric-catalogue';
import { ChartCard, type ExportRequest, type Series } from '../shared/chart-card';
import type { Pt } from '../shared/decimate';
import { isBnn, isEnsemble, type RunModel } from './run-model';

const RMSE = METRICS.rmse.label, MACE = METRICS.mace.label;

/** Why the snapshot's MACE differs from the report's (shown beside it). */
export const SNAPSHOT_NOTE = 'model of this epoch, 21 levels, raw σ; the report evaluates the best epoch on 100 levels';

const scale = (pts: Pt[], k: number): Pt[] => pts.map((p) => ({ x: p.x, y: p.y * k }));

export interface DashboardCards {
  all: ChartCard[];
  update(m: RunModel): void;
}

export function createCards(maxPoints: number, onExport: (r: ExportRequest) => void): DashboardCards {
  const card = (id: string, title: string, xLabel: string, yLabel: string, extra: Partial<ConstructorParameters<typeof ChartCard>[0]> = {}) =>
    new ChartCard({ id, title, xLabel, yLabel, kind: 'curve', maxPoints, logYAllowed: true, ...extra }, onExport);
  // The training objective and the validation loss are different quantities (validation: the normalised
  // RMSE of the mean prediction), so each has its own axis: a BNN's objective carries its KL term (~100×
  // the validation loss), which flattened the validation curve on a shared axis. The ELBO card splits
  // the objective into its data and KL terms.
  const loss = card('loss', 'Loss', 'epoch', 'train loss per structure', { y2Label: 'validation loss' });
  const terms = card('elbo', 'ELBO terms (BNN)', 'epoch', 'data term (NLL)', { y2Label: 'KL term' });
  const members = card('members', 'Ensemble members', 'epoch', 'train loss', { y2Label: `val energy ${RMSE} (${quantityUnit('energy', 'milli')})` });
  const rmse = card('rmse', `Validation ${RMSE}`, 'epoch', `energy (${quantityUnit('energy', 'milli')})`, { y2Label: `forces (${quantityUnit('forces')})` });
  const lr = card('lr', 'Learning rate', 'epoch', 'learning rate');
  const speed = card('speed', 'Seconds per epoch', 'epoch', 's/epoch', { logYAllowed: false });
  const calib = new ChartCard({ id: 'calibration', title: 'Calibration (validation)', xLabel: 'expected coverage', yLabel: 'observed coverage', kind: 'scatter', maxPoints, squareAspect: true }, onExport);
  const parity = new ChartCard({ id: 'parity', title: 'Parity snapshot (validation)', xLabel: 'DFT energy (eV/atom)', yLabel: 'predicted (eV/atom)', kind: 'scatter', maxPoints, squareAspect: true }, onExport);
  const all = [loss, terms, members, rmse, lr, speed, calib, parity];

  const update = (m: RunModel) => {
    const bnn = isBnn(m), ens = isEnsemble(m);
    const lossSeries: Series[] = [
      { key: 'train loss', label: 'train loss', points: m.trainLoss },
      { key: 'validation loss', label: 'validation loss', points: m.valLoss, axis: 'y2', dashed: true },
    ];
    loss.setSeries(lossSeries);
    terms.root.hidden = !bnn;
    if (bnn) terms.setSeries([
      { key: 'data term', label: 'data term', points: m.dataTerm },
      { key: 'KL term', label: 'KL term', points: m.klTerm, axis: 'y2', dashed: true },
    ]);
    members.root.hidden = !ens;
    if (ens) members.setSeries([
      ...m.memberTrainLoss.map((pts, i) => ({ key: `member ${i + 1}`, label: `member ${i + 1} train`, points: pts })),
      ...m.memberValEnergyRmse.map((pts, i) => ({ key: `member ${i + 1}`, label: `member ${i + 1} val E`, points: scale(pts, 1000), axis: 'y2' as const, dashed: true })),
    ]);
    rmse.setSeries([
      { key: 'energy RMSE', label: `energy ${RMSE}`, points: scale(m.valEnergyRmse, 1000) },
      { key: 'force RMSE', label: `force ${RMSE}`, points: m.valForceRmse, axis: 'y2', dashed: true },
    ]);
    lr.setSeries([{ key: 'learning rate', label: 'learning rate', points: m.learningRate }]);
    speed.setSeries([{ key: 's/epoch', label: 's/epoch', points: m.secondsPerEpoch }]);

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
      calib.setSeries(series);
    } else calib.setSeries([]);

    const p = m.parity;
    if (p) {
      const pts = p.y.map((y, i) => ({ x: y, y: p.mu[i], e: p.sigma[i] }));
      const xs = p.y.concat(p.mu).filter(Number.isFinite);
      const lo = Math.min(...xs), hi = Math.max(...xs);
      parity.setSubtitle(`epoch ${p.epoch} · ${pts.length} structures · bars ±σ`);
      parity.setSeries([
        { key: 'ideal', label: 'y = x', points: [{ x: lo, y: lo }, { x: hi, y: hi }], dashed: true, raw: true, noLegend: true, colour: 'rgba(128,128,128,0.8)' },
        { key: 'parity', label: 'validation structures', points: pts, line: false, errorBars: true, raw: true },
      ]);
    } else parity.setSeries([]);
  };
  return { all, update };
}
