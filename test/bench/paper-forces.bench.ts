/**
 * The paper's TiO2 study with forces (paper-protocol.md §4.2): deep ensemble, LRT and radial on energies and
 * forces (α = 0.1), all 7,815 structures split 6,331 / 704 / 780, the paper's seeds, every core, within 2 hours.
 *
 *   npm run bench -- paper-forces [--seeds=5] [--parallel=N] [--budget-minutes=108]
 */
import { runStudyBench } from './paper-study-bench';

runStudyBench({
  name: 'paper-forces', data: '../shared/datasets/tio2-full-7815/tio2-7815-xsf.tar.gz', limitMinutes: 120,
  args: ['--study', 'tio2-forces', '--split-sizes', '6331,704,780', '--reference-energy', 'O=-432.503149303', '--reference-energy', 'Ti=-1604.604515075'],
}).catch((e: unknown) => { console.error(e); process.exitCode = 1; });
