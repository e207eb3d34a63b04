/**
 * Durable writes under a full and a read-only disk (a small tmpfs; root only, else skipped with the
 * reason printed): the checkpoint survives a disk that fills mid-run, the failure is recorded and
 * reported in one line, and --resume after space is freed reaches the numbers of an uninterrupted run.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileWriteError } from '../../src/core/atomic-write';
import { decodeCheckpoint } from '../../src/core/training/checkpoint';
import { EventLog } from '../../src/runner/event-log';
import { runTraining } from '../../src/runner/train-run';
import { events, fillDisk, hasStack, mountTmpfs, runCli, tinyConfig, tmpfsUnavailable, unmount } from './helpers';

const work = mkdtempSync(join(tmpdir(), 'mlip-diskfull-'));
after(() => rmSync(work, { recursive: true, force: true }));
const skip = tmpfsUnavailable(join(work, 'probe'));
if (skip) console.log(`# disk-full and read-only tests skipped: ${skip}`);

test('a disk that fills mid-run keeps the last good checkpoint, records why, and --resume finishes the run', { skip: skip ?? false }, async () => {
  const mnt = join(work, 'full');
  mountTmpfs(mnt, 'size=2M');
  try {
    const cfg = tinyConfig(join(work, 'full.mlip.yaml'), { epochs: 4 });
    const dir = join(mnt, 'run');
    const filler = join(mnt, 'filler');
    let checkpointBytes = 0;
    const r = await runTraining({
      configFile: cfg, runDir: dir,
      onEvent: (e) => {
        // After epoch 2's checkpoint, leave room for event lines but not for another checkpoint.
        if (e.type === 'checkpoint' && e.epoch === 2) {
          checkpointBytes = statSync(join(dir, 'checkpoint.json')).size;
          fillDisk(mnt, filler, 4096);
        }
      },
    });
    assert.ok(checkpointBytes > 8192, `checkpoint of ${checkpointBytes} bytes must exceed the space left`);
    assert.equal(r.status, 'failed');
    assert.match(r.message ?? '', /disk full \(ENOSPC\)/);
    const saved = decodeCheckpoint(readFileSync(join(dir, 'checkpoint.json'), 'utf8'));
    assert.equal(saved.state.epoch, 2, 'the previous good checkpoint stays');
    assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.tmp-')), [], 'no temporary file left');
    const last = events(dir).pop();
    assert.ok(last?.type === 'failed' && /disk full/.test(last.message), JSON.stringify(last));

    rmSync(filler);
    const resumed = await runTraining({ configFile: cfg, runDir: dir, resume: true });
    assert.equal(resumed.status, 'completed', resumed.message);
    const straight = await runTraining({ configFile: cfg, runDir: join(work, 'straight') });
    assert.equal(straight.status, 'completed');
    const lastEpoch = (d: string) => events(d).filter((e) => e.type === 'epoch').pop();
    assert.deepEqual(lastEpoch(dir), { ...lastEpoch(join(work, 'straight')), t: lastEpoch(dir)!.t, run: 'run', seconds: (lastEpoch(dir) as { seconds: number }).seconds, etaSeconds: (lastEpoch(dir) as { etaSeconds: number }).etaSeconds });
    const epochs = events(dir).filter((e) => e.type === 'epoch').map((e) => (e.type === 'epoch' ? e.epoch : 0));
    assert.deepEqual(epochs, [1, 2, 3, 4], 'every epoch once in the continued log');
    assert.equal(readFileSync(join(dir, 'model.json'), 'utf8'), readFileSync(join(work, 'straight', 'model.json'), 'utf8'));
  } finally {
    unmount(mnt);
  }
});

test('the CLI on a full disk and on a read-only folder fails in one located line, without a stack', { skip: skip ?? false }, async () => {
  const full = join(work, 'full2');
  const ro = join(work, 'ro');
  mountTmpfs(full, 'size=256k');
  mountTmpfs(ro, 'ro,size=64k');
  try {
    const cfg = tinyConfig(join(work, 'cli.mlip.yaml'), { epochs: 2 });
    mkdirSync(join(full, 'run'));
    fillDisk(full, join(full, 'filler'), 0);
    const cases = [[join(full, 'run'), /disk full \(ENOSPC\)/], [join(ro, 'run'), /read-only file system \(EROFS\)/], [join(ro, 'a', 'b'), /read-only file system \(EROFS\)/]] as const;
    const results = await Promise.all(cases.map(([dir]) => runCli(['train', cfg, '--run-dir', dir])));
    for (const [k, [, reason]] of cases.entries()) {
      const r = results[k]!;
      assert.equal(r.code, 1, r.stderr);
      assert.ok(!hasStack(r.stderr), r.stderr);
      assert.match(r.stderr, reason);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
    assert.ok(!existsSync(join(ro, 'run')));
  } finally {
    unmount(full);
    unmount(ro);
  }
});

test('an event that does not fit on the disk is not appended at all: no half line', { skip: skip ?? false }, () => {
  const mnt = join(work, 'events');
  mountTmpfs(mnt, 'size=256k');
  try {
    const file = join(mnt, 'events.ndjson');
    const log = new EventLog(file, 'r');
    log.emit({ type: 'warning', message: 'fits' });
    const before = readFileSync(file, 'utf8');
    fillDisk(mnt, join(mnt, 'filler'), 4096);
    // Larger than the space left: the first 4 KiB would land, then ENOSPC.
    assert.throws(() => log.emit({ type: 'warning', message: 'x'.repeat(20_000) }), (e: unknown) => e instanceof FileWriteError && /disk full/.test(e.message));
    assert.equal(readFileSync(file, 'utf8'), before, 'the log ends after its last whole event');
  } finally {
    unmount(mnt);
  }
});
