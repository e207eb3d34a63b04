import { test } from 'node:test';
import assert from 'node:assert/strict';
import { erfc, normalCdf, normalPdf, normalPpf } from '../../../src/core/uq/special-functions';
import { assertClose } from './uq-reference';

// Reference values: scipy 1.17.1 (special.ndtri, special.erfc, special.ndtr), printed with repr.
const PPF: [number, number][] = [
  [1e-300, -37.0470962993612], [1e-20, -9.262340089798409], [1e-10, -6.361340902404056],
  [0.025, -1.9599639845400545], [0.3, -0.5244005127080409], [0.975, 1.959963984540054],
  [0.9999999999, 6.361340889697422],
];
const ERFC: [number, number][] = [
  [-5, 1.9999999999984626], [0.1, 0.8875370839817152], [1, 0.15729920705028516], [2, 0.004677734981047266],
  [2.5, 0.00040695201744495886], [6, 2.1519736712498913e-17], [15, 7.212994172451209e-100], [26, 5.663192408856145e-296],
];
const CDF: [number, number][] = [
  [-37, 5.7255712225239266e-300], [-8, 6.22096057427174e-16], [-1, 0.15865525393145707], [0.5, 0.6914624612740131], [3, 0.9986501019683699],
];

test('inverse normal CDF matches scipy ndtri to 1e-12 relative from 1e-300 to 1 − 1e-10', () => {
  for (const [p, x] of PPF) assertClose(normalPpf(p), x, 1e-12, `ppf(${p})`);
  assert.equal(normalPpf(0.5), 0);
});

test('inverse normal CDF inverts the CDF to 1e-12 relative on a dense grid', () => {
  for (let k = 1; k < 2000; k++) {
    const p = k / 2000;
    assertClose(normalCdf(normalPpf(p)), p, 1e-12, `cdf(ppf(${p}))`);
  }
  for (let e = -300; e <= -2; e += 7) assertClose(normalCdf(normalPpf(10 ** e)), 10 ** e, 1e-12, `tail 1e${e}`);
});

test('inverse normal CDF gives ±∞ at 0 and 1 and refuses probabilities outside [0, 1]', () => {
  assert.equal(normalPpf(0), -Infinity);
  assert.equal(normalPpf(1), Infinity);
  assert.throws(() => normalPpf(1.5), RangeError);
  assert.throws(() => normalPpf(NaN), RangeError);
});

test('erfc and the normal CDF match scipy to 1e-13 relative, deep into the tails', () => {
  for (const [x, v] of ERFC) assertClose(erfc(x), v, 1e-13, `erfc(${x})`);
  for (const [x, v] of CDF) assertClose(normalCdf(x), v, 1e-13, `cdf(${x})`);
  assert.equal(erfc(40), 0);
  assert.equal(erfc(-40), 2);
});

test('normal PDF is 1/√(2π) at 0 and symmetric', () => {
  assertClose(normalPdf(0), 0.3989422804014327, 1e-15, 'pdf(0)');
  assert.equal(normalPdf(1.3), normalPdf(-1.3));
});
