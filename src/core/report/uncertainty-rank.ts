/**
 * The rows of the "Rank structures by uncertainty" table, from `mlip-uq predict --run RUN --json`
 * output: σ of the energy per atom, the largest σ of a force component, and the out-of-distribution
 * flag with the atoms it names. Pure (no editor code), so the host builds rows and tests pin them.
 */

import type { RankRow, RankKey } from '../../protocol/webview-messages';

export type { RankRow, RankKey };

interface PredictStructure {
  name?: unknown; atoms?: unknown;
  energyPerAtom?: { sigma?: unknown };
  forces?: { sigma?: unknown };
  outOfDistribution?: { flagged?: unknown; sigmaRatio?: unknown; atoms?: { index?: unknown; element?: unknown; ratio?: unknown }[] };
}

/** "O12 (4.1×), Ti3 (unknown element)": 1-based atom numbers, as `predict`'s text output names them. */
function namedAtoms(atoms: NonNullable<PredictStructure['outOfDistribution']>['atoms']): string {
  return (Array.isArray(atoms) ? atoms : []).map((a) => {
    const ratio = typeof a.ratio === 'number' && Number.isFinite(a.ratio) ? ` (${a.ratio.toFixed(1)}×)` : ' (unknown element)';
    return `${String(a.element)}${Number(a.index) + 1}${ratio}`;
  }).join(', ');
}

/** Rows from predict's JSON text (or parsed object), ranked by σ per atom, largest first (ties by name). */
export function rankRowsFromPredict(output: unknown): RankRow[] {
  const doc = typeof output === 'string' ? JSON.parse(output) as unknown : output;
  const list = (doc as { structures?: unknown })?.structures;
  if (!Array.isArray(list)) throw new Error('predict output has no "structures" list');
  const rows = (list as PredictStructure[]).map((s, i): RankRow => {
    const sigma = Number(s.energyPerAtom?.sigma);
    if (!Number.isFinite(sigma)) throw new Error(`structure ${i + 1} has no energyPerAtom.sigma`);
    const fs = Array.isArray(s.forces?.sigma) ? (s.forces!.sigma as unknown[]).map(Number) : null;
    const o = s.outOfDistribution;
    return {
      rank: 0, name: String(s.name ?? `structure ${i + 1}`), atoms: Number(s.atoms) || 0,
      sigmaEnergyPerAtom: sigma,
      sigmaForceMax: fs && fs.length ? fs.reduce((a, b) => Math.max(a, b), -Infinity) : null,
      ood: o ? { flagged: o.flagged === true, sigmaRatio: Number(o.sigmaRatio), atoms: namedAtoms(o.atoms) } : null,
    };
  });
  rows.sort((a, b) => b.sigmaEnergyPerAtom - a.sigmaEnergyPerAtom || a.name.localeCompare(b.name));
  rows.forEach((r, i) => { r.rank = i + 1; });
  return rows;
}

/** The OOD cell: "yes: σ 3.2× the threshold; O12 (4.1×)", "no", or "–" without thresholds. */
export function oodText(r: RankRow): string {
  if (!r.ood) return '–';
  const head = r.ood.flagged ? `yes: σ ${r.ood.sigmaRatio.toFixed(1)}× the threshold` : 'no';
  return r.ood.atoms ? `${head}; ${r.ood.atoms}` : head;
}

/** A copy sorted by `key`; nulls (no force σ, no OOD flag) last in either direction, ties by rank. */
export function sortRankRows(rows: readonly RankRow[], key: RankKey, descending: boolean): RankRow[] {
  const s = descending ? -1 : 1;
  const value = (r: RankRow): number | string | null => key === 'ood' ? (r.ood ? (r.ood.flagged ? 1 : 0) + r.ood.sigmaRatio * 1e-9 : null) : r[key];
  return [...rows].sort((a, b) => {
    const va = value(a), vb = value(b);
    if (va === null || vb === null) return va === vb ? a.rank - b.rank : va === null ? 1 : -1;
    const c = typeof va === 'string' ? va.localeCompare(vb as string) : va - (vb as number);
    return c * s || a.rank - b.rank;
  });
}

/** Whether the run's resolved config trained on forces (training.force_weight > 0): then predict gets --forces. */
export function trainedOnForces(resolvedConfig: unknown): boolean {
  const w = (resolvedConfig as { training?: { force_weight?: unknown } } | null)?.training?.force_weight;
  return typeof w === 'number' && w > 0;
}

/** `mlip-uq select` arguments that write the top K by σ per atom as extended XYZ. */
export function exportSelectArgs(runDir: string, pool: readonly string[], count: number, outFile: string): string[] {
  return ['select', '--run', runDir, ...pool, '--count', String(count), '--strategy', 'sigma', '--out', outFile];
}
