/**
 * The report's out-of-distribution flags: the validation set's 95th percentile of σ per atom is the line (a
 * structure drawn like the validation set crosses it 5 % of the time); every training and test structure
 * above it is named, largest σ first. The atom-level flags need descriptors and live in `predict`.
 */
import { OOD_PERCENTILE, percentile } from '../selection/ood';
import type { OutOfDistribution, SetName, StructurePrediction } from '../../protocol/report';

export function oodSection(sets: Partial<Record<SetName, { structures: StructurePrediction[] }>>): OutOfDistribution | undefined {
  const val = sets.validation?.structures ?? [];
  if (val.length < 2) return undefined;
  const line = percentile(val.map((s) => s.energyStd), OOD_PERCENTILE);
  if (!(line > 0)) return undefined; // a deterministic model: σ says nothing
  const flagged: OutOfDistribution['flagged'] = {};
  for (const set of ['train', 'test'] as const) {
    const st = sets[set]?.structures;
    if (st) flagged[set] = st.filter((s) => s.energyStd > line).sort((a, b) => b.energyStd - a.energyStd).map((s) => s.name);
  }
  return { percentile: OOD_PERCENTILE, sigmaPerAtom: line, flagged };
}
