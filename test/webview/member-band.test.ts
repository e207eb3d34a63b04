/** The ensemble members' band (pure, no browser): per epoch the smallest, the mean and the largest. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memberBand } from '../../webview/dashboard/member-band';

test('the band holds per epoch the members\' min, mean and max, skipping a member without a value there', () => {
  const band = memberBand([
    [{ x: 1, y: 0.6 }, { x: 2, y: 0.3 }, { x: 3, y: 0.2 }],
    [{ x: 1, y: 0.9 }, { x: 2, y: NaN }, { x: 3, y: 0.1 }],
    [{ x: 1, y: 0.3 }, { x: 2, y: 0.5 }],
  ]);
  assert.deepEqual(band.min, [{ x: 1, y: 0.3 }, { x: 2, y: 0.3 }, { x: 3, y: 0.1 }]);
  assert.deepEqual(band.max, [{ x: 1, y: 0.9 }, { x: 2, y: 0.5 }, { x: 3, y: 0.2 }]);
  assert.deepEqual(band.mean.map((p) => p.x), [1, 2, 3]);
  assert.ok(Math.abs(band.mean[0].y - 0.6) < 1e-12 && Math.abs(band.mean[1].y - 0.4) < 1e-12 && Math.abs(band.mean[2].y - 0.15) < 1e-12);
  assert.deepEqual(memberBand([]), { min: [], mean: [], max: [] });
});
