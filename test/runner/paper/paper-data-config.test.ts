/**
 * `mlip-uq paper --data-config`: the user's data and descriptor sections, paths made absolute, and with energies
 * inside the structure files (MD17's extended XYZ) no `energies` section at all, so every run's config validates.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diagnoseConfigText } from '../../../src/core/config';
import { paperConfig } from '../../../src/runner/paper/paper-configs';
import { readDataConfig } from '../../../src/runner/paper/paper-data-config';

const ethanol = join(__dirname, '..', '..', 'fixtures', 'data', 'ethanol-2000.extxyz.gz');

test('a config whose energies are in the structure files gives data blocks without an energies section, and valid run configs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'paper-data-config-'));
  const file = join(dir, 'md17.mlip.yaml');
  writeFileSync(file, `data:
  structures: ${JSON.stringify(ethanol)}
  format: extxyz
  units: kcal/mol
  reference_energies: fit
descriptor: { radial_cutoff: 6.0, radial_order: 4, angular_cutoff: 4.0, angular_order: 2 }
`);
  const blocks = readDataConfig(file);
  assert.equal('energies' in blocks.data, false);
  assert.deepEqual([blocks.data.units, blocks.data.reference_energies, blocks.data.structures], ['kcal/mol', 'fit', [ethanol]]);
  const settings = { data: [ethanol], blocks, referenceEnergies: 'fit' as const, env: null, limit: null, subsetFraction: 0.2, seed: 1, splitSizes: null, study: 'tio2-forces' as const, forces: true, members: 2, epochs: { de: 2, lrt: 2, flipout: 2, radial: 2 } };
  for (const method of ['de', 'lrt', 'radial'] as const) {
    const text = JSON.stringify(paperConfig(method, 'full', settings));
    const r = diagnoseConfigText(text, join(dir, `${method}.mlip.json`));
    assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), [], method);
  }
});
