/**
 * The benches' same-run references, installed on demand under .cache/ (git-ignored):
 * - PyTorch: a venv at .cache/torch-venv holding the CPU wheel from /opt/wheels (MLIP_TORCH_WHEELS
 *   elsewhere). Its dependencies come offline first (`--no-index`, from the wheel folder), then from
 *   whatever package indexes this machine's pip is configured with (local mirrors on ours).
 * - aenet: generate.x, train.x and predict.x built with gfortran from aenet's public source, read from a git
 *   mirror of it (MLIP_AENET_GIT, or the fetched mirrors beside the work tree) or a source folder
 *   holding src/ and lib/ (MLIP_AENET_SOURCE). Its code is copied into .cache/aenet, never committed.
 * Each returns what it has or `{ absent: why }`, so a bench prints "reference absent: why" and its own
 * numbers, as on CI or a fresh machine without the wheel or the source.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..');
export const CACHE = join(ROOT, '.cache');

export type Absent = { absent: string };
export interface TorchReference { python: string; version: string }
export interface AenetReference { generate: string; train: string | null; predict: string | null; source: string }

const log = (s: string) => console.log(`[references] ${s}`);

function run(cmd: string, args: string[], cwd?: string, timeoutMs = 20 * 60_000): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
}

/** Last non-empty line of a failed command's output, for the "absent: why" line. */
function lastLine(r: SpawnSyncReturns<string>): string {
  if (r.error) return r.error.message;
  const lines = `${r.stdout ?? ''}\n${r.stderr ?? ''}`.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.filter((l) => /error/i.test(l)).pop() ?? lines.pop() ?? `exit ${r.status}`;
}

function which(cmd: string): boolean {
  return run('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

// ---------------------------------------------------------------- PyTorch

const VENV = join(CACHE, 'torch-venv');
const venvPython = join(VENV, 'bin', 'python');

function torchVersion(): string | null {
  if (!existsSync(venvPython)) return null;
  const r = run(venvPython, ['-c', 'import torch; print(torch.__version__)'], undefined, 120_000);
  return r.status === 0 ? r.stdout.trim() : null;
}

export function ensureTorch(): TorchReference | Absent {
  let version = torchVersion();
  if (version) return { python: venvPython, version };
  const wheels = process.env.MLIP_TORCH_WHEELS ?? '/opt/wheels';
  const wheel = existsSync(wheels) ? readdirSync(wheels).filter((f) => /^torch-.*\.whl$/.test(f)).sort().pop() : undefined;
  if (!wheel) return { absent: `no torch-*.whl in ${wheels}` };
  if (!which('python3')) return { absent: 'python3 not found' };
  log(`installing ${wheel} into ${VENV} (once; a few minutes)`);
  rmSync(VENV, { recursive: true, force: true });
  let r = run('python3', ['-m', 'venv', VENV]);
  if (r.status !== 0) return { absent: `python3 -m venv failed: ${lastLine(r)} (Debian: apt-get install python3-venv)` };
  const pip = [join(VENV, 'bin', 'pip'), '--disable-pip-version-check', 'install', '--find-links', wheels];
  r = run(pip[0], [...pip.slice(1), '--no-index', join(wheels, wheel)]);
  if (r.status !== 0) {
    // torch's own dependencies (filelock, sympy, typing-extensions …) are not beside the wheel: take them
    // from the package indexes pip is configured with on this machine, trying each once.
    log(`offline install lacks dependencies (${lastLine(r)}); trying the configured package indexes`);
    r = run(pip[0], [...pip.slice(1), '--retries', '0', '--timeout', '20', join(wheels, wheel)]);
    if (r.status !== 0) return { absent: `pip could not install ${wheel}: ${lastLine(r)}` };
  }
  version = torchVersion();
  return version ? { python: venvPython, version } : { absent: `torch from ${wheel} does not import` };
}

// ---------------------------------------------------------------- aenet

const AENET = join(CACHE, 'aenet');

/** Where aenet's source is: a folder with src/ and lib/, or a git mirror (upstream aenet, or aenet-PyTorch's aenet_modified/). */
function aenetSources(): { kind: 'dir' | 'git'; path: string; prefix: string }[] {
  const out: { kind: 'dir' | 'git'; path: string; prefix: string }[] = [];
  if (process.env.MLIP_AENET_SOURCE) out.push({ kind: 'dir', path: process.env.MLIP_AENET_SOURCE, prefix: '' });
  if (process.env.MLIP_AENET_GIT) out.push({ kind: 'git', path: process.env.MLIP_AENET_GIT, prefix: process.env.MLIP_AENET_GIT_PREFIX ?? '' });
  const mirrors = join(ROOT, '..', '.mirror');
  out.push({ kind: 'git', path: join(mirrors, 'atomisticnet+aenet', 'repo'), prefix: '' });
  out.push({ kind: 'git', path: join(mirrors, 'atomisticnet+aenet-PyTorch', 'repo'), prefix: 'aenet_modified/' });
  return out.filter((s) => existsSync(s.path));
}

function findBinary(dir: string, name: string): string | null {
  if (!existsSync(dir)) return null;
  const f = readdirSync(dir).find((x) => x.startsWith(`${name}.x`));
  return f ? join(dir, f) : null;
}

/** apt-get install for the Fortran tool chain when it is missing and we may (root on Debian). */
function ensureGfortran(): string | null {
  if (which('gfortran')) return null;
  if (process.getuid?.() !== 0 || !which('apt-get')) return 'gfortran not found (apt-get install gfortran liblapack-dev libblas-dev)';
  log('installing gfortran, liblapack-dev, libblas-dev with apt-get');
  run('apt-get', ['update', '-qq']);
  const r = run('apt-get', ['install', '-y', '-qq', 'gfortran', 'liblapack-dev', 'libblas-dev']);
  return r.status === 0 && which('gfortran') ? null : `apt-get could not install gfortran: ${lastLine(r)}`;
}

export function ensureAenet(): AenetReference | Absent {
  const bin = join(AENET, 'bin');
  const ready = findBinary(bin, 'generate');
  if (ready && existsSync(join(AENET, 'SOURCE'))) return { generate: ready, train: findBinary(bin, 'train'), predict: findBinary(bin, 'predict'), source: spawnSync('cat', [join(AENET, 'SOURCE')], { encoding: 'utf8' }).stdout.trim() };
  const sources = aenetSources();
  if (sources.length === 0) return { absent: 'no aenet source (set MLIP_AENET_SOURCE to a folder with src/ and lib/, or MLIP_AENET_GIT to a clone of atomisticnet/aenet)' };
  const noCompiler = ensureGfortran();
  if (noCompiler) return { absent: noCompiler };
  const src = sources[0];
  rmSync(AENET, { recursive: true, force: true });
  mkdirSync(AENET, { recursive: true });
  let label = src.path;
  if (src.kind === 'git') {
    const head = run('git', ['--git-dir', src.path, 'rev-parse', '--short', 'HEAD']).stdout.trim();
    label = `${src.path} @ ${head}${src.prefix ? ` (${src.prefix})` : ''}`;
    const r = run('sh', ['-c', `git --git-dir='${src.path}' archive HEAD ${src.prefix}src ${src.prefix}lib | tar -x -C '${AENET}'${src.prefix ? ` --strip-components=1` : ''}`]);
    if (!existsSync(join(AENET, 'src', 'Makefile'))) return { absent: `could not read aenet's source from ${label}: ${lastLine(r)}` };
  } else {
    const r = run('cp', ['-r', join(src.path, 'src'), join(src.path, 'lib'), AENET]);
    if (r.status !== 0) return { absent: `could not copy aenet's source from ${label}: ${lastLine(r)}` };
  }
  log(`building aenet from ${label} with gfortran into ${AENET} (once; about a minute)`);
  mkdirSync(bin, { recursive: true });
  let r = run('make', ['-C', join(AENET, 'lib')]);
  if (r.status !== 0) return { absent: `aenet's L-BFGS-B library did not build: ${lastLine(r)}` };
  r = run('make', ['-C', join(AENET, 'src'), '-f', 'makefiles/Makefile.gfortran_serial']);
  const generate = findBinary(bin, 'generate');
  if (!generate) return { absent: `aenet did not build (needs liblapack-dev, libblas-dev): ${lastLine(r)}` };
  writeFileSync(join(AENET, 'SOURCE'), `${label}\n`);
  return { generate, train: findBinary(bin, 'train'), predict: findBinary(bin, 'predict'), source: label };
}

export function describe(r: TorchReference | AenetReference | Absent): string {
  if ('absent' in r) return `reference absent: ${r.absent}`;
  return 'python' in r ? `torch ${r.version} (${r.python})` : `aenet from ${r.source}: ${[r.generate, r.train, r.predict].filter(Boolean).join(', ')}`;
}

if (require.main === module) {
  console.log(describe(ensureTorch()));
  console.log(describe(ensureAenet()));
}
