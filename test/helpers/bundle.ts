/**
 * The repository root and the built bundles (dist/) that tests run the way users do: the language
 * server, the webviews and the runner are built by scripts/build.mjs once per test process, and again
 * only when a bundle is missing or older than any file it could include.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const REPO = join(__dirname, '..', '..');

/** The newest modification time of any file below `dir` (0 when it does not exist). */
export function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  if (!statSync(dir).isDirectory()) return statSync(dir).mtimeMs;
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Runs scripts/build.mjs in `repo` unless every one of `outputs` exists and is newer than every file
 * under `sources`. `stdio: 'pipe'` keeps esbuild's warnings out of the test report.
 */
export function ensureBundles(o: { outputs: string[]; sources: string[]; repo?: string; stdio?: 'inherit' | 'pipe' }): void {
  const repo = o.repo ?? REPO;
  const sources = Math.max(...o.sources.map(newestMtime));
  if (o.outputs.every((f) => existsSync(f) && statSync(f).mtimeMs >= sources)) return;
  execFileSync(process.execPath, [join(repo, 'scripts', 'build.mjs')], { cwd: repo, stdio: o.stdio ?? 'inherit' });
}
