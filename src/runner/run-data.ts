/**
 * A run's structures and where each set comes from: `data.structures` (with `limit`), the given
 * `validation_structures` and `test_structures` (read in the same pass, so an energy table covers them
 * all), the screen for structures no model can use, and `data.split_file`'s sets mapped to indices.
 * Structures without an extended-XYZ `config_type` are grouped by their entry where a list (`structures`,
 * a given set) names several (per-group errors in the report).
 */
import { readFormat, type MlipConfig } from '../core/config';
import { LocatedError } from '../core/errors';
import { resolveInputs } from '../core/structures/inputs';
import { readStructures } from '../core/structures/read';
import { screenStructures, type Exclusion } from '../core/structures/screen';
import type { Structure } from '../core/structures/types';
import { readSplitFile, type SplitSetName } from '../core/training/split-file';
import type { FixedSets } from '../core/training/split';

export interface RunData {
  structures: Structure[];
  /** Sets fixed by given files or a split file, as indices into `structures`. */
  fixed: FixedSets;
  /** Where each set comes from, in words (split.json's and the report's `source`). */
  source: Record<SplitSetName, string>;
  excluded: Exclusion[];
  warnings: string[];
}

export function readRunData(config: MlipConfig, configDir: string, configFile: string): RunData {
  const d = config.data;
  const format = readFormat(d.format);
  const { file: energiesFile, ...energyTable } = d.energies;
  const warnings: string[] = [];
  const given = { validation: d.validation_structures ?? [], test: d.test_structures ?? [] };
  const all = readStructures([...d.structures, ...given.validation, ...given.test], {
    cwd: configDir, format, energyUnit: d.units, energyKey: d.energy_key, forcesKey: d.forces_key,
    energies: energiesFile === null ? undefined : { file: energiesFile, ...energyTable }, onWarning: (w) => warnings.push(w),
  });
  // Which list named each file: a file named in a given set belongs to it, even if a folder of `structures` also holds it.
  const filesOf = (entries: string[]) => new Set(entries.length ? resolveInputs(entries, format, configDir).map((f) => f.display) : []);
  const testFiles = filesOf(given.test);
  const validationFiles = filesOf(given.validation);
  const setOf = (s: Structure): 'main' | 'validation' | 'test' => (testFiles.has(s.source.file) ? 'test' : validationFiles.has(s.source.file) ? 'validation' : 'main');
  let main = all.filter((s) => setOf(s) === 'main');
  if (d.limit !== null) main = main.slice(0, d.limit);
  // A list of several entries (structures, or a given set) groups its structures by entry.
  const groupByEntry = (entries: string[], list: Structure[]) => {
    if (entries.length < 2) return;
    const entryOf = new Map<string, string>();
    for (const entry of entries) for (const f of resolveInputs([entry], format, configDir)) if (!entryOf.has(f.display)) entryOf.set(f.display, entry);
    for (const s of list) if (s.group === undefined && entryOf.has(s.source.file)) s.group = entryOf.get(s.source.file);
  };
  groupByEntry(d.structures, main);
  groupByEntry(given.validation, all.filter((s) => setOf(s) === 'validation'));
  groupByEntry(given.test, all.filter((s) => setOf(s) === 'test'));
  // Index files count the structures of `data.structures` as read (after limit), before the screen.
  const mainNames = main.map((s) => s.name);
  const ordered = [...main, ...all.filter((s) => setOf(s) === 'validation'), ...all.filter((s) => setOf(s) === 'test')];
  const screened = screenStructures(ordered);
  const structures = screened.kept;
  if (structures.length === 0) throw new LocatedError('the data holds no structures', { file: configFile, field: 'data.structures' }, 'files with at least one structure');

  const index = new Map(structures.map((s, i) => [s.name, i]));
  const excludedNames = new Set(screened.excluded.map((x) => x.name));
  const fixed: FixedSets = {};
  const source: Record<SplitSetName, string> = { train: 'drawn', validation: 'drawn', test: 'drawn' };
  const byFile = (set: 'validation' | 'test', files: Set<string>) => {
    if (!given[set].length) return;
    fixed[set] = structures.flatMap((s, i) => (files.has(s.source.file) ? [i] : []));
    source[set] = `given: ${given[set].join(', ')}`;
  };
  const sf = d.split_file;
  const named = typeof sf === 'string' || sf.train !== null || sf.validation !== null || sf.test !== null;
  if (typeof sf === 'string' || !named) {
    // A split.json decides every set it names, given files included; without one the given files fix their sets.
    byFile('validation', validationFiles);
    byFile('test', testFiles);
  }
  if (named) {
    const file = readSplitFile(sf, mainNames, configDir);
    const unknown: string[] = [];
    for (const [set, names] of Object.entries(file.names) as [SplitSetName, string[]][]) {
      fixed[set] = names.flatMap((n) => {
        const i = index.get(n);
        if (i === undefined && !excludedNames.has(n)) unknown.push(n);
        return i === undefined ? [] : [i];
      });
      source[set] = file.source[set]!;
    }
    if (typeof sf !== 'string') {
      byFile('validation', sf.validation === null ? validationFiles : new Set());
      byFile('test', sf.test === null ? testFiles : new Set());
    }
    if (unknown.length) {
      throw new LocatedError(`split file names ${unknown.length} structures the data does not hold: ${unknown.slice(0, 3).join(', ')}${unknown.length > 3 ? ', …' : ''}`,
        { file: typeof sf === 'string' ? sf : undefined, field: 'data.split_file' }, 'the same data (and limit) as the run that wrote it');
    }
    const screenedOut = [...excludedNames].filter((n) => Object.values(file.names).some((l) => l.includes(n)));
    if (screenedOut.length) warnings.push(`${screenedOut.length} structures of the split file are excluded (no model can use them; listed in split.json)`);
  }
  for (const set of ['validation', 'test'] as const) {
    if (fixed[set]?.length === 0 && given[set].length && source[set].startsWith('given')) warnings.push(`the given ${set} set holds no usable structure`);
  }
  return { structures, fixed, source, excluded: screened.excluded, warnings };
}
