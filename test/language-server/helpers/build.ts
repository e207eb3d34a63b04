/** Builds dist/server.js once when it is missing or older than any source it bundles. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

// MLIP_UQ_REPO: where the repository is when this file runs bundled elsewhere (bench on another machine).
export const REPO = process.env.MLIP_UQ_REPO ?? join(__dirname, '..', '..', '..');
export const SERVER_JS = join(REPO, 'dist', 'server.js');

function newestMtime(dir: string): number {
  let newest = 0;
  if (!existsSync(dir)) return 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (/\.(ts|json)$/.test(e.name)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

let checked = false;
export function ensureServerBuilt(): void {
  if (checked || process.env.MLIP_UQ_NO_BUILD) return;
  checked = true;
  // The server bundles language-server/ and src/core/config with what it imports from src/core and src/protocol.
  const sources = Math.max(newestMtime(join(REPO, 'language-server')), newestMtime(join(REPO, 'src', 'core')), newestMtime(join(REPO, 'src', 'protocol')), newestMtime(join(REPO, 'schemas')));
  if (existsSync(SERVER_JS) && statSync(SERVER_JS).mtimeMs >= sources) return;
  execFileSync(process.execPath, [join(REPO, 'scripts', 'build.mjs')], { cwd: REPO, stdio: 'inherit' });
}
