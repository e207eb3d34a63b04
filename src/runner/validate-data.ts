/**
 * What a config's data are, before any training: the structures read as a run reads them (limit, given
 * sets, split file), the screen's exclusions with their reasons, elements with atom counts, how many
 * structures carry energies and forces, the split the run would make, and whether every element has a
 * descriptor set-up. `mlip-uq featurize --config CONFIG` (the editor's "Validate data" lens) prints it.
 */
import { dirname } from 'node:path';
import type { MlipConfig } from '../core/config';
import { planSplit } from '../core/training/prepare';
import { readRunData } from './run-data';
import { descriptorSetups, prepareOptions } from './run-options';

export interface DataCheck {
  structures: number;
  atoms: number;
  elements: { element: string; atoms: number; structures: number }[];
  withEnergy: number;
  withForces: number;
  sets: { train: number; validation: number; test: number };
  source: Record<'train' | 'validation' | 'test', string>;
  excluded: { name: string; reason: string }[];
  /** Things a run would warn about (moved or filtered structures, fitted references, reader notes). */
  warnings: string[];
  /** Things that stop a run (a missing descriptor set-up). */
  problems: string[];
  seconds: number;
}

export function checkConfigData(config: MlipConfig, configFile: string): DataCheck {
  const t0 = Date.now();
  const data = readRunData(config, dirname(configFile), configFile);
  const { structures } = data;
  const perElement = new Map<string, { atoms: number; structures: number }>();
  for (const s of structures) {
    const seen = new Set<string>();
    for (const e of s.species) {
      const row = perElement.get(e) ?? { atoms: 0, structures: 0 };
      row.atoms++;
      if (!seen.has(e)) { row.structures++; seen.add(e); }
      perElement.set(e, row);
    }
  }
  const elements = [...perElement.keys()].sort();
  const warnings = [...data.warnings];
  const problems: string[] = [];
  const plan = planSplit(structures, { ...prepareOptions(config, elements), fixed: data.fixed });
  if (plan.filtered.length) warnings.push(`MAXENERGY filter would drop ${plan.filtered.length} structures`);
  for (const mv of plan.moves) warnings.push(`${structures[mv.index].name} would move from ${mv.from} to training: ${mv.elements.join(', ')} had no atom in training`);
  if (plan.leftOut.length) warnings.push(`${plan.leftOut.length} structures are in no set of the split file`);
  if (plan.referenceFit) warnings.push(`reference energies would be fitted on the training split: ${plan.referenceFit.fitted.join(', ')}`);
  try {
    descriptorSetups(config, elements, dirname(configFile), configFile);
  } catch (e) {
    problems.push(e instanceof Error ? e.message : String(e));
  }
  return {
    structures: structures.length,
    atoms: structures.reduce((a, s) => a + s.species.length, 0),
    elements: elements.map((element) => ({ element, ...perElement.get(element)! })),
    withEnergy: structures.filter((s) => s.energy !== null).length,
    withForces: structures.filter((s) => !!s.forces).length,
    sets: { train: plan.split.train.length, validation: plan.split.validation.length, test: plan.split.test.length },
    source: data.source,
    excluded: data.excluded,
    warnings,
    problems,
    seconds: (Date.now() - t0) / 1000,
  };
}

/** The check in a few lines for a terminal. */
export function formatDataCheck(c: DataCheck, configFile: string): string {
  const lines = [
    `${configFile}: ${c.structures} structures, ${c.atoms} atoms (read and screened in ${c.seconds.toFixed(1)} s)`,
    `  elements: ${c.elements.map((e) => `${e.element} (${e.atoms} atoms in ${e.structures} structures)`).join(', ')}`,
    `  energies: ${c.withEnergy} of ${c.structures} structures; forces: ${c.withForces} of ${c.structures}`,
    `  sets: train ${c.sets.train} · validation ${c.sets.validation} (${c.source.validation}) · test ${c.sets.test} (${c.source.test})`,
    c.excluded.length
      ? `  excluded: ${c.excluded.length} structures no model can use:\n${c.excluded.slice(0, 20).map((x) => `    ${x.name}: ${x.reason}`).join('\n')}${c.excluded.length > 20 ? `\n    … ${c.excluded.length - 20} more` : ''}`
      : '  excluded: none',
    ...c.warnings.map((w) => `  warning: ${w}`),
    ...c.problems.map((p) => `  problem: ${p}`),
    c.problems.length ? 'data NOT ready to train' : 'data ready to train',
  ];
  return lines.join('\n') + '\n';
}
