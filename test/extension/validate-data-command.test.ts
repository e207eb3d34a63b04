/**
 * The "Validate data" lens runs the CLI on the config in a terminal. It ran `cli.js featurize CONFIG`,
 * which always failed ("give one --setup per element"); the line it sends now checks the config's data.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cliTerminalLine, validateDataArgs } from '../../src/extension/runs/runner-command';

const repo = join(__dirname, '..', '..');
const cli = join(repo, 'dist', 'cli.js');

test('the Validate data line checks the config\'s data and succeeds on a shipped example', () => {
  assert.ok(existsSync(cli), 'dist/cli.js is missing: run npm run build first');
  const config = join(repo, 'examples', 'tio2-ensemble-fast.mlip.yaml');
  assert.deepEqual(validateDataArgs(config), ['featurize', '--config', config]);
  const line = cliTerminalLine(cli, validateDataArgs(config));
  assert.equal(line, `node "${cli}" featurize --config "${config}"`);
  const r = spawnSync('sh', ['-c', line], { encoding: 'utf8', cwd: join(repo, 'examples') });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /100 structures, 2168 atoms/);
  assert.match(r.stdout, /data ready to train/);
});

test('paths with spaces and quotes stay one argument each', () => {
  assert.equal(cliTerminalLine('/ext/dist/cli.js', validateDataArgs('/ws/my "odd" $dir/a.mlip.yaml')), 'node "/ext/dist/cli.js" featurize --config "/ws/my \\"odd\\" \\$dir/a.mlip.yaml"');
});
