/** What the report viewer is given for each file: the validated text, or a located reason. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadReportFile } from '../../src/extension/webviews/report-load';
import { jsonForScriptElement, standaloneReportHtml } from '../../src/extension/webviews/export-html';

const examples = join(__dirname, '..', '..', 'schemas', 'examples', 'report');

test('a valid report is passed on as its own text', () => {
  const file = join(examples, 'valid.uqreport.json');
  const p = loadReportFile(file);
  assert.equal(p.ok, true);
  assert.equal(p.ok && p.json, readFileSync(file, 'utf8'));
});

test('every invalid example gives a reason, truncation a line, a newer version says so', () => {
  const invalid = readdirSync(examples).filter((n) => n.startsWith('invalid-'));
  assert.ok(invalid.length >= 4);
  for (const name of invalid) {
    const p = loadReportFile(join(examples, name));
    assert.equal(p.ok, false, name);
    assert.ok(!p.ok && p.message.length > 10, `${name}: ${!p.ok && p.message}`);
  }
  const truncated = loadReportFile(join(examples, 'invalid-truncated.uqreport.json'));
  assert.ok(!truncated.ok && typeof truncated.line === 'number' && truncated.line > 1);
  const newer = loadReportFile(join(examples, 'invalid-newer-version.uqreport.json'));
  assert.match(!newer.ok ? newer.message : '', /newer/i);
  const missing = loadReportFile(join(examples, 'does-not-exist.uqreport.json'));
  assert.match(!missing.ok ? missing.message : '', /cannot read/i);
});

test('report text embedded in the HTML export cannot close its script element', () => {
  const hostile = { name: '</script><script>alert(1)</script>', other: '\u2028' };
  const s = jsonForScriptElement(hostile);
  assert.equal(s.includes('</script'), false);
  assert.deepEqual(JSON.parse(s), hostile);
  const dir = mkdtempSync(join(tmpdir(), 'mlip-export-'));
  writeFileSync(join(dir, 'bundle.js'), 'console.log(1)');
  writeFileSync(join(dir, 'style.css'), 'body{}');
  const html = standaloneReportHtml(join(dir, 'bundle.js'), join(dir, 'style.css'),
    { ok: true, label: 'x', file: '/x', json: JSON.stringify(hostile) });
  assert.equal((html.match(/<script/g) ?? []).length, 2, 'only the data element and the bundle');
  assert.match(html, /Content-Security-Policy" content="default-src 'none'; script-src 'nonce-/);
});
