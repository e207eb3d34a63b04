/** Builds dist/server.js once when it is missing or older than any source it bundles. */
import { join } from 'node:path';
import { ensureBundles } from '../../helpers/bundle';

// MLIP_UQ_REPO: where the repository is when this file runs bundled elsewhere (bench on another machine).
export const REPO = process.env.MLIP_UQ_REPO ?? join(__dirname, '..', '..', '..');
export const SERVER_JS = join(REPO, 'dist', 'server.js');

let checked = false;
export function ensureServerBuilt(): void {
  if (checked || process.env.MLIP_UQ_NO_BUILD) return;
  checked = true;
  // The server bundles language-server/ and src/core/config with what it imports from src/core and src/protocol.
  const sources = ['language-server', join('src', 'core'), join('src', 'protocol'), 'schemas'].map((d) => join(REPO, d));
  ensureBundles({ outputs: [SERVER_JS], sources, repo: REPO });
}
