/**
 * The paper's published study, as ../shared/docs/paper-protocol.md gives it from the authors' metric files:
 * the five training seeds, the full §4.1 table (TiO2, energy only, test set of 780, mean ± std over 5 runs,
 * eV/atom, NLL without 2π) and the §4.2 (v2) numbers for TiO2 with forces and for QM7. These are facts to
 * compare against, never targets: nothing in the product is tuned to them.
 */
import type { PaperMethod, PaperRegime } from './paper-values';

/** The seeds of the paper's five runs per setting (paper-protocol.md §1). */
export const PAPER_SEEDS: readonly number[] = [883144, 321439, 565572, 23225, 201567];

/** The §4.1 columns, in the paper's order; keys are the report's metric keys (src/protocol/report.ts). */
export const STUDY_COLUMNS = ['mae', 'rmse', 'maxError', 'nllNo2pi', 'rmsce', 'mace', 'sharpness', 'r2AbsErrorOnSigma', 'topQuartileOverlapPercent'] as const;
export type StudyColumn = typeof STUDY_COLUMNS[number];

export interface MeanStd { mean: number; std: number }
export type StudyRow = Record<StudyColumn, MeanStd>;

const row = (...v: number[]): StudyRow => Object.fromEntries(STUDY_COLUMNS.map((k, i) => [k, { mean: v[2 * i], std: v[2 * i + 1] }])) as StudyRow;

/** paper-protocol.md §4.1: MAE, RMSE, MaxErr, NLL, RMSCE, MACE, sharpness, R²(σ,|e|), overlap %, each mean then std. */
export const PAPER_STUDY_TIO2: Record<PaperRegime, Partial<Record<PaperMethod, StudyRow>>> = {
  full: {
    de: row(0.00511, 0.00019, 0.0121, 0.0010, 0.185, 0.040, -4.645, 0.040, 0.0509, 0.0089, 0.0440, 0.0078, 0.0268, 0.0020, 0.513, 0.10, 44.7, 4.0),
    flipout: row(0.0167, 0.0026, 0.0282, 0.0047, 0.269, 0.11, -3.238, 0.24, 0.188, 0.061, 0.168, 0.055, 0.0541, 0.0090, 0.246, 0.063, 45.2, 5.0),
    lrt: row(0.0143, 0.0032, 0.0293, 0.011, 0.401, 0.29, -3.443, 0.31, 0.0792, 0.052, 0.0696, 0.046, 0.0288, 0.0012, 0.229, 0.064, 43.4, 4.9),
    radial: row(0.0189, 0.0012, 0.0408, 0.0049, 0.492, 0.077, -0.926, 0.69, 0.191, 0.021, 0.167, 0.017, 0.0225, 0.0026, 0.333, 0.048, 44.4, 1.9),
  },
  subset: {
    de: row(0.0231, 0.0010, 0.0825, 0.012, 1.148, 0.32, -3.670, 0.040, 0.0975, 0.028, 0.0856, 0.024, 0.161, 0.013, 0.588, 0.094, 58.7, 4.0),
    flipout: row(0.0309, 0.0033, 0.0748, 0.0049, 0.992, 0.35, -2.826, 0.13, 0.169, 0.040, 0.149, 0.038, 0.0978, 0.011, 0.327, 0.15, 51.8, 5.4),
    lrt: row(0.0326, 0.0029, 0.0754, 0.011, 0.858, 0.084, -2.785, 0.18, 0.175, 0.048, 0.155, 0.044, 0.135, 0.026, 0.349, 0.053, 50.9, 3.8),
    radial: row(0.0456, 0.0058, 0.0958, 0.0070, 0.936, 0.25, -2.153, 0.46, 0.0618, 0.031, 0.0530, 0.029, 0.0949, 0.030, 0.295, 0.081, 46.0, 1.4),
  },
};

/**
 * paper-protocol.md §4.2 (v2; NLL with 2π; ECE over 10 bins; DE over 20 five-member sub-ensembles, BNN the
 * best of 10 runs). Energies eV/atom, forces eV/Å.
 */
export interface V2Numbers { rmse: number; mae: number; nll: number; ece10: number; forceRmse?: number; forceMae?: number; forceEce10?: number }

export const PAPER_V2_TIO2_FORCES: Partial<Record<PaperMethod, V2Numbers>> = {
  de: { rmse: 0.00926, mae: 0.00637, forceRmse: 0.347, forceMae: 0.186, nll: -3.20, ece10: 0.031, forceEce10: 0.235 },
  lrt: { rmse: 0.0385, mae: 0.0203, forceRmse: 0.631, forceMae: 0.348, nll: -2.03, ece10: 0.189, forceEce10: 0.461 },
  radial: { rmse: 0.0332, mae: 0.0193, forceRmse: 0.497, forceMae: 0.276, nll: -1.94, ece10: 0.108, forceEce10: 0.405 },
};

export const PAPER_V2_QM7: Partial<Record<PaperMethod, V2Numbers>> = {
  de: { rmse: 0.01556, mae: 0.00705, nll: -3.32, ece10: 0.124 },
  lrt: { rmse: 0.01287, mae: 0.00749, nll: -2.94, ece10: 0.043 },
  radial: { rmse: 0.01199, mae: 0.00723, nll: 2.34, ece10: 0.235 },
};
