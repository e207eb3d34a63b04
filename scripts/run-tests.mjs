// Runs every test file under test/ (except benchmarks) with Node's own test runner; TypeScript is
// loaded through tsx. Pass paths or substrings to run a subset: `node scripts/run-tests.mjs descriptors`.
import { readdirSync, statSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const filters = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const skipDirs = new Set(['bench', 'fixtures', 'node_modules']);

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) { if (!skipDirs.has(name)) walk(p, out); }
    else if (/\.test\.(ts|mjs|js)$/.test(name)) out.push(relative(root, p));
  }
  return out;
}
let files = walk(join(root, 'test'), []).sort();
if (filters.length) files = files.filter((f) => filters.some((s) => f.includes(s)));
if (!files.length) { console.error('no test files matched'); process.exit(1); }
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  cwd: root, stdio: 'inherit', env: { ...process.env, MLIP_UQ_TEST: '1' },
});
process.exit(r.status ?? 1);
