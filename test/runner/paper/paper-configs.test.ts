/**
 * The paper's stopping rule in every study's run configs (paper-protocol.md §1): ensemble members stop early on
 * validation; BNNs train to their epoch cap (or the time budget) and keep the best validation epoch.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { paperConfig, type PaperSettings } from '../../../src/runner/paper/paper-configs';
import { PAPER_STUDIES } from '../../../src/runner/paper/paper-study';
import { PAPER_METHODS, PAPER_REGIMES } from '../../../src/runner/paper/paper-values';

const settings = (study: PaperSettings['study']): PaperSettings => ({
  data: ['x.xyz'], referenceEnergies: { H: 0 }, env: null, limit: null, subsetFraction: 0.2, seed: 1, splitSizes: null, study,
  forces: false, members: 10, epochs: { de: 2000, lrt: 20000, flipout: 20000, radial: 20000 },
});

test('BNN runs of the paper never stop early; its ensemble stops after 100 epochs without improvement', () => {
  for (const study of PAPER_STUDIES) {
    for (const regime of PAPER_REGIMES) {
      for (const method of PAPER_METHODS) {
        const c = paperConfig(method, regime, settings(study)) as { training: { early_stopping: { patience: number | null }; epochs: number } };
        assert.equal(c.training.early_stopping.patience, method === 'de' ? 100 : null, `${study} ${regime} ${method}`);
        assert.equal(c.training.epochs, method === 'de' ? 2000 : 20000);
      }
    }
  }
});
