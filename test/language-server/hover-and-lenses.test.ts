import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from './helpers/lsp-client';
import { caret } from './helpers/caret';
import { REPO } from './helpers/build';

const URI = pathToFileURL(join(REPO, 'examples', 'hover-test.mlip.yaml')).href;

let client: LspClient;
before(async () => { client = await LspClient.start(); });
after(async () => { await client.stop(); });

async function hoverAt(marked: string, uri = URI): Promise<string | undefined> {
  const { text, position } = caret(marked);
  client.open(uri, text);
  const h = await client.hover(uri, position);
  client.close(uri);
  return (h?.contents as { value: string } | undefined)?.value;
}

test('hover on a BNN setting shows description, type, range, default and what the paper used', async () => {
  const md = await hoverAt('method:\n  type: bnn\n  bnn:\n    prior_sc|ale: 0.2\n');
  assert.ok(md);
  assert.match(md, /\*\*prior_scale\*\*/);
  assert.match(md, /Standard deviation σ_p of the Gaussian prior/);
  assert.match(md, /Type: `number`/);
  assert.match(md, /Default: `0\.209`/);
  assert.match(md, /Paper \(Farris et al\. 2025\):\* LRT 0\.209, Flipout 0\.206, Radial 0\.108/);
});

test('hover on a key shows its units from the description', async () => {
  const md = await hoverAt('descriptor:\n  radial_cu|toff: 6.5\n');
  assert.match(md ?? '', /Radial cutoff R_r, \*\*Å\*\*/);
  assert.match(md ?? '', /Default: `6\.5`/);
});

test('hover on an enum value puts that value\'s description first, then the allowed values', async () => {
  const md = await hoverAt('method:\n  type: b|nn\n');
  assert.match(md ?? '', /^`"bnn"`: Variational BNN/);
  assert.match(md ?? '', /Allowed values:\n- `"deterministic"`/);
});

test('hover works in JSON configs', async () => {
  const md = await hoverAt('{"training": {"batch_si|ze": 3}}', URI.replace(/yaml$/, 'json'));
  assert.match(md ?? '', /Structures per optimisation step/);
  assert.match(md ?? '', /DE 32; LRT 64; Flipout 256; Radial 64/);
});

test('code lenses at the top of the file: Train, Train headless, Validate data with the document URI', async () => {
  client.open(URI, 'data:\n  structures: a.xsf\n');
  const lenses = await client.codeLenses(URI);
  assert.deepEqual(lenses.map((l) => [l.range.start.line, l.command?.title, l.command?.command, l.command?.arguments]), [
    [0, 'Train', 'mlipUq.train', [URI]],
    [0, 'Train headless', 'mlipUq.trainHeadless', [URI]],
    [0, 'Validate data', 'mlipUq.validateData', [URI]],
  ]);
  client.close(URI);
});
