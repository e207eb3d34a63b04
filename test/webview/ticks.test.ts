/** Tick labels and the symlog transform behind the charts' axes (pure functions, no browser). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatTick } from '../../webview/shared/ticks';
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
