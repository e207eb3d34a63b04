/** Tick labels and the symlog transform behind the charts' axes (pure functions, no browser). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatAxisTicks, formatTick } from '../../webview/shared/ticks';
import { symlog, symlogThreshold, symlogTickValues } from '../../webview/shared/symlog';

test('ticks read as three significant digits with a short exponent outside [1e-3, 1e5)', () => {
  assert.equal(formatTick(0.0029999999999999999), '0.003');
  assert.equal(formatTick(5.2e-5), '5.2e-5');
  assert.equal(formatTick(0.0005), '5e-4');
  assert.equal(formatTick(170.4), '170');
  assert.equal(formatTick(-12.345), '-12.3');
  assert.equal(formatTick(250000), '2.5e5');
  assert.equal(formatTick(0), '0');
});

test('an axis labels every tick in one style: exponents for all once one needs it, more digits only to tell ticks apart', () => {
  // A learning rate decaying from 3e-3 to 5.2e-5 on a log axis: no "5e-4" beside "0.001".
  assert.deepEqual(formatAxisTicks([5e-5, 1e-4, 2e-4, 5e-4, 0.001, 0.002]), ['5e-5', '1e-4', '2e-4', '5e-4', '1e-3', '2e-3']);
  assert.deepEqual(formatAxisTicks([0, 0.0005, 0.001, 0.0015]), ['0', '5e-4', '1e-3', '1.5e-3']);
  assert.deepEqual(formatAxisTicks([0.00285, 0.0029, 0.0029999999999999999, 0.0031]), ['0.00285', '0.0029', '0.003', '0.0031']);
  assert.deepEqual(formatAxisTicks([-20, 0, 20, 40, 170.4]), ['-20', '0', '20', '40', '170']);
  assert.deepEqual(formatAxisTicks([1.0001, 1.0002, 1.0003]), ['1.0001', '1.0002', '1.0003'], 'a deep zoom keeps ticks apart');
  assert.deepEqual(formatAxisTicks([1e5, 2e5, 3e5]), ['1e5', '2e5', '3e5']);
});

test('symlog is odd, invertible, linear near zero and logarithmic far out', () => {
  const s = symlog(1);
  for (const y of [-170, -3, -0.5, 0, 0.5, 3, 170]) assert.ok(Math.abs(s.inverse(s.forward(y)) - y) < 1e-9 * Math.max(1, Math.abs(y)));
  assert.equal(s.forward(-9), -s.forward(9));
  assert.equal(s.forward(9), 1);
  assert.equal(s.forward(99), 2);
  assert.equal(symlogThreshold([-27, 0, 0.4, 11]), 0.1);
  assert.equal(symlogThreshold([1e-12, 5]), 1e-6, 'at most six decades below the largest');
  assert.deepEqual(symlogTickValues(symlog(1), -28, 12), [-10, -1, 0, 1, 10]);
});
