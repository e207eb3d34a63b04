/**
 * The paper's force study carried to a molecule: deep ensemble, LRT and radial on MD17 ethanol energies and
 * forces (α = 0.1, the v2 objective with the paper's TiO2 values: the paper has no MD17 study and publishes no
 * v2 values), the data section of examples/md17-ethanol-ensemble.mlip.yaml (2,000 frames, 80/10/10), every
 * core. One seed by default (three runs, 16 minutes of training): the calibration check of issue 11 on a
 * molecule with forces; the table's "paper" columns are the paper's TiO2 numbers and do not apply.
 *
 *   npm run bench -- paper-md17 [--seeds=1] [--parallel=N] [--budget-minutes=16]
 */
import { runStudyBench } from './paper-study-bench';

runStudyBench({
  name: 'paper-md17', data: 'examples/md17-ethanol-ensemble.mlip.yaml', dataFlag: '--data-config', limitMinutes: 18, seeds: 1,
  args: ['--forces', '--methods', 'de,lrt,radial', '--regimes', 'full'],
}).catch((e: unknown) => { console.error(e); process.exitCode = 1; });
