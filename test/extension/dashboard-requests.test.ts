/** What the host accepts from a dashboard panel (an untrusted context): the overlay requests. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDashboardRequest } from '../../src/protocol/webview-messages';

test('a dashboard may ask to overlay a run (a directory or a pick) and to take one off; malformed asks are refused', () => {
  assert.equal(isDashboardRequest({ type: 'addOverlay' }), true, 'no directory: the host shows a pick');
  assert.equal(isDashboardRequest({ type: 'addOverlay', runDir: '/runs/b' }), true);
  assert.equal(isDashboardRequest({ type: 'addOverlay', runDir: 7 }), false);
  assert.equal(isDashboardRequest({ type: 'removeOverlay', runDir: '/runs/b' }), true);
  assert.equal(isDashboardRequest({ type: 'removeOverlay' }), false);
});
