// `node scripts/setup-bench-references.mjs`: installs the benches' same-run references under .cache/
// (PyTorch from the CPU wheel into a venv; aenet's generate.x, train.x and predict.x built with gfortran) and says
// which are there. The benches call the same set-up on demand (test/bench/references/setup.ts).
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'test/bench/references/setup.ts')], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
