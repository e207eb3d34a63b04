/**
 * The paper's comparison on the 1,000 shipped TiO2 structures: energy only, seeded 80/10/10, the 20 %
 * subset regime, DE (10 members) and the three BNN estimators with the paper's tuned values, all eight
 * runs within a wall-clock budget (default 30 min; the acceptance limit is 40 min here). Prints each
 * run's test numbers beside the paper's, the wall time against the 40-minute limit, and copies the table
 * to test/bench/results/paper-table.md.
 *
 *   npm run bench -- paper --budget-minutes=30
 */
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parsePaperOptions } from '../../src/runner/paper/paper-options';
import { runPaper } from '../../src/runner/paper/run-paper';
import { PAPER_NUMBERS } from '../../src/runner/paper/paper-values';

const LIMIT_MINUTES = 40;

async function main(): Promise<void> {
  const root = join(__dirname, '..', '..');
  const arg = process.argv.slice(2).find((a) => a.startsWith('--budget-minutes='));
  const budget = arg ? arg.split('=')[1] : '30';
  const out = join(root, 'test-artifacts', 'paper-bench');
  rmSync(out, { recursive: true, force: true });
  const args = ['--methods', 'de,lrt,flipout,radial', '--regimes', 'full,subset', '--subset-fraction', '0.2', '--budget-minutes', budget, '--out', out];
  const options = parsePaperOptions(args, root);
  const t0 = Date.now();
  const r = await runPaper(options, {
    log: (line) => console.log(line),
    command: `npm run bench -- paper --budget-minutes=${budget}\n# = mlip-uq paper ${args.join(' ').replace(out, 'test-artifacts/paper-bench')}`,
    progressSeconds: 60,
  });
  const minutes = (Date.now() - t0) / 60_000;
  console.log('');
  for (const x of r.results) {
    const p = PAPER_NUMBERS[x.regime][x.method];
    const m = x.metrics;
    console.log(`${x.method}-${x.regime}: ${x.epochs} epochs, ${(x.trainSeconds / 60).toFixed(1)} min, ${x.stoppedBy}; test RMSE ${m ? m.rmse.toFixed(4) : '—'} eV/atom`
      + (m && p ? ` (paper ${p.rmse}, ratio ${(m.rmse / p.rmse).toFixed(2)}); NLL ${m.nllNo2pi.toFixed(2)} (paper ${p.nllNo2pi}); MACE ${m.mace.toFixed(3)} (paper ${p.mace})` : m ? `; NLL ${m.nllNo2pi.toFixed(2)}; MACE ${m.mace.toFixed(3)}` : ''));
  }
  console.log(`all ${r.results.length} runs: ${minutes.toFixed(1)} min wall; limit ${LIMIT_MINUTES} min; ratio ${(minutes / LIMIT_MINUTES).toFixed(2)} (target ≤ 1)`);
  const dest = join(root, 'test', 'bench', 'results');
  mkdirSync(dest, { recursive: true });
  copyFileSync(r.tableFile, join(dest, 'paper-table.md'));
  console.log(`table: test/bench/results/paper-table.md`);
  if (minutes > LIMIT_MINUTES || r.results.some((x) => !x.metrics)) process.exitCode = 1;
}

main().catch((e: unknown) => { console.error(e); process.exitCode = 1; });
