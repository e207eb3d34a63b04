import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { networkRecords, records, setupRecords, trainsetRecords } from '../../core/aenet/fortran-fixtures';
import { parseAenetEnergies } from '../../../src/core/aenet/energies-file';
import { gunzipLocated } from '../../../src/core/structures/gzip';
import { readTar } from '../../../src/core/structures/tar';
import { LocatedError } from '../../../src/core/errors';
import { runPredict } from '../../../src/runner/commands/predict';

const repoRoot = path.join(__dirname, '..', '..', '..');
const dataDir = path.join(repoRoot, '..', 'shared', 'datasets', 'tio2-full-7815');

async function cli(args: string[]) {
  let out = '';
  let err = '';
  const code = await runPredict(args, { out: (t: string) => { out += t; }, err: (t: string) => { err += t; } });
  return { code, out, err };
}

function syntheticPotential(dir: string, atom: string, eAtom: number[]): string {
  const nsf = 2 * (3 + 2 + 2);
  const w1 = Array.from({ length: 4 }, (_, j) => Array.from({ length: nsf + 1 }, (_, k) => 0.05 * Math.sin(j + 3 * k + atom.length)));
  const file = path.join(dir, `${atom}.nn`);
  writeFileSync(file, records([
    ...networkRecords({ nodes: [nsf, 4, 1], fa: [1, 0], weights: [w1, [[0.5, -0.4, 0.3, 0.2, 0.1]]] }),
    ...setupRecords({ atom, env: ['Ti', 'O'], radial: [4.5, 3], angular: [3.0, 2], avg: new Array(nsf).fill(0), cov: new Array(nsf).fill(1) }),
    ...trainsetRecords({ types: ['O', 'Ti'], eAtom, scale: 0.25, shift: -4 }),
  ]));
  return file;
}

const XSF = `# total energy = -4988.7 eV
CRYSTAL
PRIMVEC
 3.08 0 0
 1.19 4.68 0
 0 0 4.86
PRIMCOORD
6 1
Ti 2.13 2.34 2.43
Ti 0.0 0.0 0.0
O 1.77 0.91 0.95
O 2.50 3.77 3.92
O 0.36 1.43 3.38
O 0.83 3.25 1.48
`;

test('predict --aenet-potential prints energies relative to the free atoms and forces that sum to zero', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'predict-aenet-'));
  try {
    const free = [-432.5, -1604.6];
    const ti = syntheticPotential(dir, 'Ti', free);
    const o = syntheticPotential(dir, 'O', free);
    writeFileSync(path.join(dir, 'rutile.xsf'), XSF);
    const r = await cli(['--aenet-potential', `Ti=${ti}`, '--aenet-potential', o, path.join(dir, 'rutile.xsf'), '--json', '--forces']);
    assert.equal(r.code, 0, r.err);
    const { structures } = JSON.parse(r.out);
    assert.equal(structures.length, 1);
    const s = structures[0];
    assert.equal(s.natoms, 6);
    assert.equal(s.referenceEnergy, -4988.7);
    assert.ok(Math.abs(s.energy - s.cohesiveEnergy - (2 * -1604.6 + 4 * -432.5)) < 1e-9);
    assert.ok(Math.abs(s.cohesiveEnergyPerAtom * 6 - s.cohesiveEnergy) < 1e-9);
    assert.deepEqual(s.atoms.map((a: { element: string }) => a.element), ['Ti', 'Ti', 'O', 'O', 'O', 'O']);
    const table = await cli(['--aenet-potential', `Ti=${ti}`, '--aenet-potential', o, path.join(dir, 'rutile.xsf')]);
    assert.equal(table.code, 0);
    const row = table.out.split('\n')[1].trim().split(/\s+/);
    assert.deepEqual(row.slice(1, 4), ['6', s.energy.toFixed(8), s.cohesiveEnergyPerAtom.toFixed(8)]);
    assert.equal(Number(row[4]), Number(((s.energy - -4988.7) / 6).toExponential(3)));
    for (let c = 0; c < 3; c++) {
      const sum = s.atoms.reduce((acc: number, a: { force: number[] }) => acc + a.force[c], 0);
      assert.ok(Math.abs(sum) < 1e-10, `Σ F_${'xyz'[c]} = ${sum}`); // translation invariance
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('predict with a potential given for the wrong element is a located error', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'predict-aenet-'));
  try {
    const ti = syntheticPotential(dir, 'Ti', [-1, -2]);
    writeFileSync(path.join(dir, 'rutile.xsf'), XSF);
    await assert.rejects(cli(['--aenet-potential', `O=${ti}`, path.join(dir, 'rutile.xsf')]), (e: unknown) => {
      assert.ok(e instanceof LocatedError);
      assert.equal(e.location.file, ti);
      assert.match(e.message, /given for O, but the potential is for Ti \(setup\.atomtype\); expected a potential for O/);
      return true;
    });
    const r2 = await cli([path.join(dir, 'rutile.xsf')]);
    assert.equal(r2.code, 2);
    assert.match(r2.err, /name a model/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('predict with the published TiO2 potentials reproduces the ANN column for two structures', async (t) => {
  const fit = path.join(dataDir, 'aenet-fit');
  if (!existsSync(path.join(fit, 'Ti.40t-40t.nn'))) { t.skip(`${dataDir} absent`); return; }
  const dir = mkdtempSync(path.join(tmpdir(), 'predict-aenet-'));
  try {
    const names = ['structure0001.xsf', 'structure7521.xsf'];
    const archive = path.join(dataDir, 'tio2-7815-xsf.tar.gz');
    for (const e of readTar(gunzipLocated(readFileSync(archive), archive), archive)) {
      if (names.includes(path.basename(e.name))) writeFileSync(path.join(dir, path.basename(e.name)), e.data);
    }
    const rows = parseAenetEnergies(readFileSync(path.join(fit, 'energies.train.0'), 'utf8'), 'energies.train.0');
    const r = await cli(['--aenet-potential', `Ti=${path.join(fit, 'Ti.40t-40t.nn')}`, '--aenet-potential', `O=${path.join(fit, 'O.40t-40t.nn')}`,
      ...names.map((n) => path.join(dir, n)), '--json']);
    assert.equal(r.code, 0, r.err);
    const { structures } = JSON.parse(r.out);
    names.forEach((n, k) => {
      const row = rows.find((x) => x.path.endsWith(`/${n}`));
      assert.ok(row);
      assert.ok(Math.abs(structures[k].cohesiveEnergyPerAtom - row.annPerAtom) <= 2e-6, `${n}: ${structures[k].cohesiveEnergyPerAtom} vs ${row.annPerAtom}`);
      assert.equal(structures[k].atoms[0].force, undefined);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
