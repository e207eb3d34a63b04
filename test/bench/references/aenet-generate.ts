/**
 * aenet's generate.x as the same-run reference of featurize.bench.ts: the archive's XSF files unpacked
 * once under .cache/aenet-runs/, fingerprint set-ups written from the bench's own Chebyshev set-up, and
 * descriptors with analytic derivatives for every atom (FORCES, FORCESPERCENT 100). The derivative file
 * (2.7 GB for the 1,000 TiO2 structures) goes to /dev/null, so the reference pays for computing and
 * formatting it but not for the disk, as our side keeps nothing either.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import type { ChebyshevSetup } from '../../../src/core/descriptors';
import { CACHE, ensureAenet, type Absent, type AenetReference } from './setup';

export interface GenerateTiming { wall: number; cpu: number; structures: number }

function xsfFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.xsf')).sort().map((f) => join(dir, f));
}

/** Runs an aenet program on its input file in `cwd`; wall time, and the child's user + system CPU from bash's `time` (which a shared machine's load does not stretch). */
export function timedRun(program: string, input: string, output: string, cwd: string): { wall: number; cpu: number } | Absent {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('bash', ['-c', `TIMEFORMAT='%U %S'; time '${program}' ${input} > ${output}`], { cwd, encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const times = r.stderr.trim().split('\n').pop()?.split(' ').map(Number) ?? [];
  if (r.status !== 0 || times.length !== 2 || times.some((x) => !Number.isFinite(x))) return { absent: `${basename(program)} failed (${join(cwd, output)}): ${r.stderr.trim().split('\n').pop()}` };
  return { wall, cpu: times[0] + times[1] };
}

/** aenet built, and the archive's XSF files unpacked (once) into a folder of their own under .cache/aenet-runs. */
export function aenetWorkdir(archive: string): { aenet: AenetReference; dir: string; files: string[] } | Absent {
  if (process.env.MLIP_NO_AENET) return { absent: 'MLIP_NO_AENET is set' };
  const aenet = ensureAenet();
  if ('absent' in aenet) return aenet;
  const dir = join(CACHE, 'aenet-runs', `${basename(archive).replace(/\W+/g, '-')}-${statSync(archive).size}`);
  const xsf = join(dir, 'xsf');
  if (!existsSync(join(dir, 'UNPACKED'))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(xsf, { recursive: true });
    const r = spawnSync('tar', ['-xzf', archive, '-C', xsf], { encoding: 'utf8' });
    if (r.status !== 0) return { absent: `could not unpack ${archive}: ${r.stderr.trim()}` };
    writeFileSync(join(dir, 'UNPACKED'), '');
  }
  return { aenet, dir, files: xsfFiles(xsf) };
}

/** generate.x's input in `dir`: fingerprint set-ups from ours, the structures, derivatives optional. */
export function writeGenerateInput(dir: string, files: readonly string[], setups: readonly ChebyshevSetup[], o: { output: string; atomicEnergies: Record<string, number> | null; forces: boolean }): void {
  for (const s of setups) {
    writeFileSync(join(dir, `${s.element}.fingerprint.stp`), [
      'DESCR', '  same-run reference of featurize.bench.ts', 'END DESCR', '', `ATOM ${s.element}`, '',
      `ENV ${s.env.length}`, ...s.env, '', `RMIN ${s.rmin}d0`, '', 'BASIS type=Chebyshev',
      `radial_Rc = ${s.radialCutoff}  radial_N = ${s.radialOrder} angular_Rc = ${s.angularCutoff}  angular_N = ${s.angularOrder}`, '',
    ].join('\n'));
  }
  writeFileSync(join(dir, 'generate.in'), [
    `OUTPUT ${o.output}`, '', 'TYPES', String(setups.length), ...setups.map((s) => `${s.element} ${o.atomicEnergies?.[s.element] ?? 0} | eV`), '',
    'SETUPS', ...setups.map((s) => `${s.element} ${s.element}.fingerprint.stp`), '',
    ...(o.forces ? ['FORCES .true.', 'FORCESPERCENT 100', ''] : []), 'FILES', String(files.length), ...files.map((f) => relative(dir, f)), '',
  ].join('\n'));
}

/** A function that runs generate.x once on the archive's structures, or why it cannot. */
export function aenetGenerate(archive: string, setups: readonly ChebyshevSetup[]): { run: () => GenerateTiming | Absent; source: string } | Absent {
  const w = aenetWorkdir(archive);
  if ('absent' in w) return w;
  const { aenet, dir, files } = w;
  // Atomic energies only shift the stored energies; descriptors do not depend on them.
  writeGenerateInput(dir, files, setups, { output: 'bench.train', atomicEnergies: null, forces: true });
  const run = (): GenerateTiming | Absent => {
    rmSync(join(dir, 'bench.train'), { force: true }); // opened with status='new'
    rmSync(join(dir, 'bench.train.forces'), { force: true });
    symlinkSync('/dev/null', join(dir, 'bench.train.forces'));
    const t = timedRun(aenet.generate, 'generate.in', 'generate.out', dir);
    return 'absent' in t ? t : { ...t, structures: files.length };
  };
  return { run, source: aenet.source };
}
