/** Kernel memory is bounded (wasm32: 4 GiB): asking for more fails with a KernelMemoryError that says so, not a bare RangeError. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KernelMemoryError, MlpKernel } from '../../../src/core/kernels/mlp-kernel';

test('allocating past the kernel memory limit throws KernelMemoryError naming the limit, and leaves earlier buffers usable', () => {
  const k = MlpKernel.create(1 << 20);
  if (typeof k === 'string') throw new Error(k);
  const a = k.alloc(1000);
  k.f32[a / 4] = 42;
  assert.throws(() => k.alloc(1 << 20), (e: unknown) => e instanceof KernelMemoryError && /more than the 1\.0 MiB of one wasm memory/.test(e.message));
  assert.equal(k.f32[a / 4], 42);
  const b = k.alloc(1000);
  assert.ok(b > a, 'a failed request does not move the allocator');
});
