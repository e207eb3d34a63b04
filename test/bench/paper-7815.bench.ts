/**
 * The paper's TiO2 study on its own data (issue 11): all 7,815 structures, train/validation/test 6,331 /
 * 704 / 780 (seeded), the 20 % subset regime, a 10-member ensemble and the three BNNs with the paper's values
 * per regime, the paper's seeds, mean ± std of every §4.1 column, every core busy, within 2 hours.
 *
 *   npm run bench -- paper-7815 [--seeds=5] [--parallel=N] [--budget-minutes=108]
 */
import { runStudyBench } from './paper-study-bench';

runStudyBench({
  name: 'paper-7815', data: '../shared/datasets/tio2-full-7815/tio2-7815-xsf.tar.gz', limitMinutes: 120,
  args: ['--study', 'tio2', '--split-sizes', '6331,704,780', '--reference-energy', 'O=-432.503149303', '--reference-energy', 'Ti=-1604.604515075'],
}).catch((e: unknown) => { console.error(e); process.exitCode = 1; });
