/**
 * A report's structure link opens only files inside the workspace folders or under the report's own
 * folder, after `..` and symbolic links are resolved; anything else is refused with the reason.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveStructureLink } from '../../src/core/report/structure-link';

const root = realpathSync(mkdtempSync(join(tmpdir(), 'mlip-link-')));
after(() => rmSync(root, { recursive: true, force: true }));
const ws = join(root, 'ws');
const runs = join(ws, 'runs', 'a');
const outsideDir = join(root, 'elsewhere');
for (const d of [runs, join(ws, 'data'), outsideDir]) mkdirSync(d, { recursive: true });
const report = join(runs, 'report.uqreport.json');
writeFileSync(report, '{}');
writeFileSync(join(ws, 'data', 'x.xsf'), '');
writeFileSync(join(runs, 'local.xsf'), '');
writeFileSync(join(outsideDir, 'secret'), '');
symlinkSync(join(outsideDir, 'secret'), join(ws, 'data', 'innocent.xsf'));
symlinkSync(outsideDir, join(ws, 'linked-dir'));

test('files in the workspace or beside the report open, by relative or absolute path', () => {
  assert.deepEqual(resolveStructureLink('data/x.xsf', report, [ws]), { ok: true, path: join(ws, 'data', 'x.xsf') });
  assert.deepEqual(resolveStructureLink('local.xsf', report, []), { ok: true, path: join(runs, 'local.xsf') });
  assert.deepEqual(resolveStructureLink(join(ws, 'data', 'x.xsf'), report, [ws]), { ok: true, path: join(ws, 'data', 'x.xsf') });
  assert.deepEqual(resolveStructureLink('../../data/x.xsf', report, [ws]), { ok: true, path: join(ws, 'data', 'x.xsf') });
});

test('absolute paths, ../ escapes and symbolic links leading outside are refused with the reason', () => {
  const refused: [string, RegExp][] = [
    ['/etc/passwd', /outside the workspace folders and the report's folder/],
    ['../../../../../../../../etc/passwd', /outside the workspace folders/],
    [join(outsideDir, 'secret'), /outside/],
    ['data/innocent.xsf', /resolves to .*elsewhere\/secret, outside/],
    ['linked-dir/secret', /outside/],
    ['../../../elsewhere/secret', /outside/],
    ['file:///etc/passwd', /is a URI/],
    ['command:workbench.action.terminal.new', /is a URI/],
    ['data/x.xsf\0.png', /NUL byte/],
    ['', /names no file/],
    ['data/missing.xsf', /not found/],
  ];
  for (const [file, why] of refused) {
    const r = resolveStructureLink(file, report, [ws]);
    assert.equal(r.ok, false, file);
    if (!r.ok) assert.match(r.reason, why, file);
  }
  // The report's own folder alone does not reach the workspace.
  assert.equal(resolveStructureLink('../../data/x.xsf', report, []).ok, false);
});
