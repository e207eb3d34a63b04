/**
 * The paper's QM7 study (paper-protocol.md §4.2): deep ensemble, LRT and radial, energy only, 80/10/10, the
 * data and descriptor of examples/qm7-ensemble.mlip.yaml (all 7,101 molecules, energies from hof_qm7.txt),
 * the paper's seeds, every core, within 2 hours.
 *
 *   npm run bench -- paper-qm7 [--seeds=5] [--parallel=N] [--budget-minutes=108]
 */
import { runStudyBench } from './paper-study-bench';

runStudyBench({
  name: 'paper-qm7', data: 'examples/qm7-ensemble.mlip.yaml', limitMinutes: 120, dataFlag: '--data-config',
  args: ['--study', 'qm7'],
}).catch((e: unknown) => { console.error(e); process.exitCode = 1; });
