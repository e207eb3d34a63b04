/** Reports in the viewer and in comparisons are named so that two runs can be told apart (issue 17: both columns read "report.uqreport.json"). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reportLabel } from '../../src/extension/webviews/report-load';

test('a run\'s report.uqreport.json is named by its run directory; other reports by their file name', () => {
  assert.equal(reportLabel('/ws/runs/tio2-lrt-fast-20261124T230509Z/report.uqreport.json'), 'tio2-lrt-fast-20261124T230509Z');
  assert.equal(reportLabel('/ws/runs/tio2-ensemble-fast-20261124T230000Z/report.uqreport.json'), 'tio2-ensemble-fast-20261124T230000Z');
  assert.equal(reportLabel('/ws/paper/de.uqreport.json'), 'de.uqreport.json');
});
