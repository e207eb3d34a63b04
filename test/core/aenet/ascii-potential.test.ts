import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAenetPotential } from '../../../src/core/aenet/read-potential';
import { LocatedError } from '../../../src/core/errors';

const fixtures = path.join(__dirname, '..', '..', 'fixtures', 'reference', 'aenet-pytorch');

// The layout aenet's own save_*_ASCII routines write: list-directed scalars, 4 values a line
// (ES24.17 / I17), one species name a line, a Fortran logical `T`, and here D exponents.
const FORTRAN_ASCII = `           3
           3
          11
           8
                3                 2                 1
                1                 0
                0                 8                11
                0                 4                 7
  1.00000000000000000D-01 -2.00000000000000000D-01  3.00000000000000000E-01  4.00000000000000000E-01
  5.00000000000000000E-01 -6.00000000000000000E-01  7.00000000000000000E-01  8.00000000000000000E-01
  1.50000000000000000E+00 -2.50000000000000000E+00  2.50000000000000000E-01
Single-species set-up$$second line$$
O
           1
O
  5.00000000000000000E-01
  4.00000000000000000E+00
Chebyshev
           3
           4
                0                 0                 0
  4.00000000000000000E+00  1.00000000000000000E+00  3.00000000000000000E+00  0.00000000000000000E+00
  0.0 0.0 0.0 0.0
  0.0 0.0 0.0 0.0
                0                 0                 0                 0
                0                 0
          42
  0.0 0.0 0.0
  1.0 1.0 1.0
  1.0 2.0 3.0
  5.0 8.0 10.0
tiny.train.scaled
 T
  5.00000000000000000E-01
 -2.00000000000000000E+00
           1
O
 -4.32500000000000000E+02
          10
           2
 -1.0 1.0 0.0
`;

test('reads the Fortran-style .nn.ascii layout (4 values a line, one species a line, T, D exponents)', () => {
  const p = parseAenetPotential(new TextEncoder().encode(FORTRAN_ASCII), 'O.nn.ascii');
  assert.equal(p.element, 'O');
  assert.deepEqual(p.network.nodes, [3, 2, 1]);
  assert.deepEqual(p.network.activations, ['tanh', 'linear']);
  // column-major (2 × 4) block → rows [0.1, 0.3, 0.5, 0.7], [-0.2, 0.4, -0.6, 0.8]
  assert.deepEqual(Array.from(p.network.weights[0]), [0.1, 0.3, 0.5, 0.7, -0.2, 0.4, -0.6, 0.8]);
  assert.deepEqual(Array.from(p.network.weights[1]), [1.5, -2.5, 0.25]);
  assert.equal(p.setup.description, 'Single-species set-up\nsecond line');
  assert.deepEqual(p.setup.chebyshev, { radialCutoff: 4, radialOrder: 1, angularCutoff: 3, angularOrder: 0 });
  assert.equal(p.trainset.normalized, true);
  assert.equal(p.energyScale, 2);
  assert.equal(p.atomicEnergy, -432.5);
  // std = √(cov − avg²) = 2, 2, 1
  assert.deepEqual(Array.from(p.inputScale), [0.5, 0.5, 1]);
});

test('reads aenet-PyTorch .nn.ascii output (everything of a field on one line, True)', () => {
  const p = parseAenetPotential(readFileSync(path.join(fixtures, 'Ti.pytorch.nn.ascii')), 'Ti.pytorch.nn.ascii');
  // values visible in the file and in predict.x's header for it
  assert.equal(p.element, 'Ti');
  assert.equal(p.setup.description, 'Descriptor for Ti');
  assert.deepEqual(p.setup.envTypes, ['Ti', 'O']);
  assert.deepEqual(p.setup.chebyshev, { radialCutoff: 6.5, radialOrder: 20, angularCutoff: 5, angularOrder: 6 });
  assert.equal(p.trainset.file, 'TiO.train.ascii');
  assert.deepEqual(p.trainset.typeNames, ['Ti', 'O']);
  assert.deepEqual(p.trainset.atomicEnergies, [-1604.604515075, -432.503149303]);
  assert.equal(p.trainset.nStrucs, 1000);
  assert.equal(p.trainset.eAv, -8.23017921276392);
});

test('a truncated or malformed .nn.ascii is a located error with line and field', () => {
  const lines = FORTRAN_ASCII.split('\n');
  assert.throws(() => parseAenetPotential(new TextEncoder().encode(lines.slice(0, 10).join('\n')), 'cut.nn.ascii'), (e: unknown) => {
    assert.ok(e instanceof LocatedError);
    assert.equal(e.location.file, 'cut.nn.ascii');
    assert.equal(e.location.field, 'network.W');
    assert.match(e.message, /file ends early/);
    assert.match(e.expected ?? '', /11 number\(s\) \(8 found\)/);
    return true;
  });
  const bad = [...lines];
  bad[9] = bad[9].replace('8.00000000000000000E-01', '8.0x');
  assert.throws(() => parseAenetPotential(new TextEncoder().encode(bad.join('\n')), 'bad.nn.ascii'), (e: unknown) =>
    e instanceof LocatedError && e.location.line === 10 && e.location.field === 'network.W' && /"8\.0x" is not a number \(value 8 of 11\)/.test(e.message));
  const logical = [...lines];
  logical[32] = ' maybe';
  assert.throws(() => parseAenetPotential(new TextEncoder().encode(logical.join('\n')), 'l.nn.ascii'),
    /l\.nn\.ascii:33: "maybe" is not a logical value \(trainset\.normalized\)/);
});
