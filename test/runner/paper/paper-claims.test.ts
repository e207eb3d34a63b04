/** The paper's reading, encoded as checks, holds on the paper's own numbers and fails when they change. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLAIMS, claimLines, type Lookup } from '../../../src/runner/paper/paper-claims';
import { STUDIES, PAPER_STUDIES } from '../../../src/runner/paper/paper-study';

const paperLookup = (study: keyof typeof STUDIES): Lookup => (m, r, c) => STUDIES[study].paper(m, r, c)?.mean;

test('every claim of every study is reproduced by the paper\'s own table', () => {
  for (const study of PAPER_STUDIES) {
    for (const c of CLAIMS[study]) {
      const r = c.check(paperLookup(study));
      assert.ok(r, `${study}: "${c.text}" measurable on the paper's numbers`);
      assert.equal(r.holds, true, `${study}: "${c.text}": ${r.detail}`);
    }
  }
});

test('a claim fails when the numbers contradict it, and says so with the numbers', () => {
  // The §4.1 full table with LRT's RMSE made lower than the ensemble's 0.0121.
  const base = paperLookup('tio2');
  const v: Lookup = (m, r, c) => (m === 'lrt' && r === 'full' && c === 'rmse' ? 0.01 : base(m, r, c));
  const lines = claimLines('tio2', v);
  assert.match(lines[0], /\*\*not reproduced\*\*.*LRT 0\.0100/);
  assert.match(lines[1], /\*\*reproduced\*\*/);
});

test('a claim about a method that was not run is not measurable', () => {
  const base = paperLookup('tio2');
  const v: Lookup = (m, r, c) => (m === 'radial' ? undefined : base(m, r, c));
  const lines = claimLines('tio2', v);
  assert.match(lines[5], /radial is the sharpest.*not measurable/);
  assert.match(lines[8], /radial has the lowest.*not measurable/);
});
