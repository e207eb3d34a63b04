import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseStp, typeWeights, descriptorLayout } from '../../../src/core/descriptors';
import { LocatedError } from '../../../src/core/errors';
import { repoRoot } from './reference-fixture';

// The layout of aenet's own fingerprint files (aenet-PyTorch example / published TiO2 fit).
const STP = `DESCR
  Structural fingerprint setup for O in bulk TiO2.
END DESCR

ATOM O

ENV  2
Ti
O

RMIN 0.45d0

BASIS type=Chebyshev
radial_Rc = 6.0  radial_N = 22  angular_Rc = 3.0  angular_N = 6
`;

test('parseStp reads ATOM, ENV, RMIN (Fortran d exponent) and the Chebyshev BASIS of an aenet set-up', () => {
  const s = parseStp(STP, 'O.fingerprint.stp');
  assert.deepEqual(s, { element: 'O', env: ['Ti', 'O'], rmin: 0.45, radialCutoff: 6.0, radialOrder: 22, angularCutoff: 3.0, angularOrder: 6 });
  // aenet counts N as the expansion order: N+1 functions per part, doubled by the typed part.
  assert.equal(descriptorLayout(s).length, 2 * (23 + 7));
});

test('parseStp accepts lower-case keywords, comments, species on the ENV line and basis values on the BASIS line', () => {
  const s = parseStp('! comment\natom Ti   # central\nenv 3 Ti O H\nrmin 0.5\nbasis type=chebyshev radial_Rc=6.5 radial_N=20 angular_Rc=5.0 angular_N=6\n', 'x.stp');
  assert.deepEqual(s.env, ['Ti', 'O', 'H']);
  assert.equal(s.radialCutoff, 6.5);
  assert.equal(s.angularOrder, 6);
});

test('the published TiO2 fit set-ups parse when the shared data set is present', (t) => {
  const dir = join(repoRoot, '..', 'shared', 'datasets', 'tio2-full-7815', 'aenet-fit');
  if (!existsSync(dir)) { t.skip('shared/datasets/tio2-full-7815/aenet-fit absent'); return; }
  for (const el of ['Ti', 'O']) {
    const s = parseStp(readFileSync(join(dir, `${el}.fingerprint.stp`), 'utf8'), `${el}.fingerprint.stp`);
    assert.equal(s.element, el);
    assert.deepEqual([s.radialCutoff, s.radialOrder, s.angularCutoff, s.angularOrder], [6.0, 22, 3.0, 6]);
  }
});

function located(fn: () => unknown, line: number | undefined, field: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof LocatedError, String(e));
    assert.equal(e.location.file, 'bad.stp');
    assert.equal(e.location.line, line);
    assert.match(e.location.field ?? '', field);
    assert.ok(e.expected);
    return true;
  });
}

test('bad set-ups are located errors naming file, line and field', () => {
  located(() => parseStp(STP.replace('ENV  2', 'ENV  3'), 'bad.stp'), 7, /^ENV$/);
  located(() => parseStp(STP.replace('type=Chebyshev', 'type=Behler2011'), 'bad.stp'), 13, /^BASIS$/);
  located(() => parseStp(STP.replace('radial_N = 22', 'radial_N = x'), 'bad.stp'), 13, /radial_N/);
  located(() => parseStp(STP.replace('  angular_N = 6', ''), 'bad.stp'), 13, /angular_N/);
  located(() => parseStp(STP.replace('RMIN 0.45d0', 'RMAX 1'), 'bad.stp'), 11, /RMAX/);
  located(() => parseStp(STP.replace('ATOM O', 'ATOM 0x'), 'bad.stp'), 5, /^ATOM$/);
  located(() => parseStp(STP.replace('END DESCR', ''), 'bad.stp'), 1, /^DESCR$/);
  located(() => parseStp(STP.replace('ATOM O', ''), 'bad.stp'), undefined, /^ATOM$/);
});

test('type weights follow aenet: −n/2 … n/2, 0 skipped for even n', () => {
  assert.deepEqual(typeWeights(1), [0]);
  assert.deepEqual(typeWeights(2), [-1, 1]);
  assert.deepEqual(typeWeights(3), [-1, 0, 1]);
  assert.deepEqual(typeWeights(4), [-2, -1, 1, 2]);
  assert.deepEqual(typeWeights(5), [-2, -1, 0, 1, 2]);
});
