/**
 * A shipped example as a user's editor sees it: it starts with the schema modeline and loads with no diagnostic.
 * Returns its resolved config for the test's own checks.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDiagnostic, loadConfigFile, type MlipConfig } from '../../../src/core/config';

export const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');

export function loadCleanExample(name: string): MlipConfig {
  const path = join(EXAMPLES, name);
  assert.match(readFileSync(path, 'utf8').split('\n')[0]!, /^# yaml-language-server: \$schema=\.\.\/schemas\/mlip-config\.schema\.json$/);
  const r = loadConfigFile(path);
  assert.deepEqual(r.diagnostics.map((d) => formatDiagnostic(d, name)), []);
  return r.config!;
}
