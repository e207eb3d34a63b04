/**
 * The two builds of mlp.wat: the plain wasm SIMD module and the fused one (the matrix products'
 * multiply-adds as f32x4.relaxed_madd), which this process picks from MLIP_UQ_KERNELS or the runtime.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { KERNEL_VARIANT_ENV, MlpKernel, kernelVariantChoice } from '../../../src/core/kernels/mlp-kernel';
import { WASM_BASE64, WASM_FMA_BASE64 } from '../../../src/core/kernels/mlp-wasm';
import { KERNEL_ENGINE } from '../../../src/core/training/kernel-engine';

const root = join(__dirname, '..', '..', '..');

type Sexp = string | Sexp[];

/** The s-expression at the start of text (atoms and lists) and the text after it. */
function parse(text: string): [Sexp, string] {
  const tokens = text.match(/\(|\)|[^\s()]+/g) ?? [];
  let i = 0;
  const read = (): Sexp => {
    const t = tokens[i++];
    if (t !== '(') return t;
    const list: Sexp[] = [];
    while (tokens[i] !== ')') list.push(read());
    i++;
    return list;
  };
  const e = read();
  return [e, tokens.slice(i).join('')];
}

const show = (e: Sexp): string => (typeof e === 'string' ? e : `(${e.map(show).join(' ')})`);

/**
 * A line of mlp.wat as the fused build should read: (add (local.get a) (mul x y)) → (relaxed_madd x y (local.get a))
 * and (add (mul x y) c) → (relaxed_madd x y c).
 */
function fuseLine(line: string): string {
  const indent = /^\s*/.exec(line)![0];
  const [e, rest] = parse(line);
  const fuse = (n: Sexp): Sexp => {
    if (typeof n === 'string') return n;
    const [op, acc, mul] = n;
    if (op === 'f32x4.add' && Array.isArray(acc) && acc[0] === 'local.get' && Array.isArray(mul) && mul[0] === 'f32x4.mul' && n.length === 3) {
      return ['f32x4.relaxed_madd', fuse(mul[1]), fuse(mul[2]), acc];
    }
    if (op === 'f32x4.add' && Array.isArray(acc) && acc[0] === 'f32x4.mul' && n.length === 3) {
      return ['f32x4.relaxed_madd', fuse(acc[1]), fuse(acc[2]), fuse(mul)];
    }
    return n.map(fuse);
  };
  return indent + show(fuse(e)) + rest;
}

test('the fused build differs from the plain one only in the @fma functions\' multiply-adds: 38 accumulations, 128 tanh Horner steps and the normals\' 18 polynomial steps fused', () => {
  const script = `import { readFileSync } from 'node:fs';
    const { fusedWat } = await import(${JSON.stringify(join(root, 'scripts', 'build-kernels.mjs'))});
    const plain = readFileSync(${JSON.stringify(join(root, 'src', 'core', 'kernels', 'mlp.wat'))}, 'utf8');
    const fused = fusedWat(plain);
    const a = plain.split('\\n'), b = fused.split('\\n');
    const changed = a.map((l, i) => [l, b[i]]).filter(([l, m]) => l !== m);
    console.log(JSON.stringify({ lines: a.length === b.length, changed }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const { lines, changed } = JSON.parse(r.stdout) as { lines: boolean; changed: [string, string][] };
  assert.ok(lines);
  assert.equal(changed.length, 38 + 128 + 18);
  for (const [plain, fused] of changed) assert.equal(fused, fuseLine(plain));
});

/** dense of one input and one group of four outputs: act(b + x·w) with x = w = 1 + 2⁻¹², b = −1. */
function oneMultiplyAdd(base64: string): number[] {
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(base64, 'base64')), {});
  const k = exports as unknown as { memory: WebAssembly.Memory; dense: (...a: number[]) => void };
  const f32 = new Float32Array(k.memory.buffer);
  const v = 1 + 2 ** -12;
  f32.fill(v, 256 / 4, 256 / 4 + 4); // x (one value used)
  f32.fill(v, 272 / 4, 272 / 4 + 4); // w: [k = 1][4]
  f32.fill(-1, 288 / 4, 288 / 4 + 4); // b
  k.dense(256, 16, 0, 1, 1, 272, 288, 1, 304, 16, 0);
  return [...f32.subarray(304 / 4, 304 / 4 + 4)];
}

test('a multiply-add rounds twice in the plain kernels and once in the fused ones (x·w exact: 2⁻¹¹ + 2⁻²⁴)', () => {
  // x·w = 1 + 2⁻¹¹ + 2⁻²⁴ needs 25 bits: rounded to f32 first (ties to even: 1 + 2⁻¹¹) the sum is 2⁻¹¹.
  assert.deepEqual(oneMultiplyAdd(WASM_BASE64), [2 ** -11, 2 ** -11, 2 ** -11, 2 ** -11]);
  assert.notEqual(kernelVariantChoice({ [KERNEL_VARIANT_ENV]: 'fma' }).hasOwnProperty('refused'), true, 'relaxed SIMD on this Node');
  // relaxed_madd may be unfused on a CPU without FMA (x86 before 2013); every machine this runs on has one.
  const fused = 2 ** -11 + 2 ** -24;
  assert.deepEqual(oneMultiplyAdd(WASM_FMA_BASE64), [fused, fused, fused, fused]);
});

test('MLIP_UQ_KERNELS forces a variant; unset or auto, the fused one where the runtime has relaxed SIMD (Node 20: switched on)', () => {
  assert.deepEqual(kernelVariantChoice({ [KERNEL_VARIANT_ENV]: 'simd' }), { variant: 'simd' });
  assert.deepEqual(kernelVariantChoice({ [KERNEL_VARIANT_ENV]: 'FMA' }), { variant: 'fma' });
  assert.deepEqual(kernelVariantChoice({}), { variant: 'fma' });
  assert.deepEqual(kernelVariantChoice({ [KERNEL_VARIANT_ENV]: 'auto' }), { variant: 'fma' });
  assert.deepEqual(kernelVariantChoice({ [KERNEL_VARIANT_ENV]: 'avx' }), { refused: 'MLIP_UQ_KERNELS=avx is none of simd, fma, auto' });
});

test('the training engine\'s reason names the fused variant when this process runs it', () => {
  const expected = process.env[KERNEL_VARIANT_ENV] === 'simd' ? 'simd' : 'fma';
  assert.equal(MlpKernel.variant(), expected);
  assert.equal(KERNEL_ENGINE.reason, expected === 'fma' ? 'training steps on the wasm SIMD MLP kernels (relaxed-SIMD FMA)' : 'training steps on the wasm SIMD MLP kernels');
});
