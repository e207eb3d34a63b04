;; Hand-written WebAssembly SIMD kernels for the per-element MLPs (energy-only training of deterministic
;; networks and deep ensembles). tfjs runs every small op through its engine (bookkeeping, allocation, tape);
;; at 2×15 networks that costs more than the arithmetic, so a training step's layers run here instead, on
;; f32x4 lanes, in memory the caller lays out (see ../kernels/mlp-kernel.ts for the layouts).
;; Edit this file, then `node scripts/build-kernels.mjs` regenerates mlp-wasm.ts (a test checks they agree).
(module
  (memory (export "memory") 1)

  ;; tanh of 4 lanes, |error| < 2e-7: odd polynomial near 0, 1 - 2/(e^{2x}+1) elsewhere.
  (func $exp4 (param $x v128) (result v128)
    (local $n v128) (local $r v128) (local $p v128)
    ;; clamp to [-87, 87]
    (local.set $x (f32x4.max (f32x4.min (local.get $x) (f32x4.splat (f32.const 87))) (f32x4.splat (f32.const -87))))
    (local.set $n (f32x4.nearest (f32x4.mul (local.get $x) (f32x4.splat (f32.const 1.44269504)))))
    (local.set $r (f32x4.sub (local.get $x) (f32x4.mul (local.get $n) (f32x4.splat (f32.const 0.693359375)))))
    (local.set $r (f32x4.add (local.get $r) (f32x4.mul (local.get $n) (f32x4.splat (f32.const 2.12194440e-4)))))
    ;; exp(r) on |r| <= ln2/2, degree-6 Taylor/Horner
    (local.set $p (f32x4.splat (f32.const 1.3888889e-3)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (f32x4.splat (f32.const 8.3333333e-3))))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (f32x4.splat (f32.const 4.1666667e-2))))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (f32x4.splat (f32.const 0.16666667))))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (f32x4.splat (f32.const 0.5))))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (f32x4.splat (f32.const 1))))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (f32x4.splat (f32.const 1))))
    ;; times 2^n
    (i32x4.add (local.get $p) (i32x4.shl (i32x4.trunc_sat_f32x4_s (local.get $n)) (i32.const 23))))

  (func $tanh4 (param $x v128) (result v128)
    (local $x2 v128) (local $small v128) (local $e v128) (local $big v128) (local $s v128)
    (local.set $x2 (f32x4.mul (local.get $x) (local.get $x)))
    ;; near 0: x(1 + x2(c3 + x2(c5 + x2(c7 + x2 c9)))) for |x| < 0.55
    (local.set $small (f32x4.splat (f32.const 0.021869488)))
    (local.set $small (f32x4.add (f32x4.mul (local.get $small) (local.get $x2)) (f32x4.splat (f32.const -0.053968254))))
    (local.set $small (f32x4.add (f32x4.mul (local.get $small) (local.get $x2)) (f32x4.splat (f32.const 0.13333334))))
    (local.set $small (f32x4.add (f32x4.mul (local.get $small) (local.get $x2)) (f32x4.splat (f32.const -0.33333334))))
    (local.set $small (f32x4.add (f32x4.mul (local.get $small) (local.get $x2)) (f32x4.splat (f32.const 1))))
    (local.set $small (f32x4.mul (local.get $small) (local.get $x)))
    (local.set $e (call $exp4 (f32x4.mul (f32x4.abs (local.get $x)) (f32x4.splat (f32.const 2)))))
    (local.set $big (f32x4.sub (f32x4.splat (f32.const 1)) (f32x4.div (f32x4.splat (f32.const 2)) (f32x4.add (local.get $e) (f32x4.splat (f32.const 1))))))
    ;; copy the sign of x
    (local.set $big (v128.or (local.get $big) (v128.and (local.get $x) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))))
    (v128.bitselect (local.get $small) (local.get $big) (f32x4.lt (local.get $x2) (f32x4.splat (f32.const 0.0625)))))

  (func (export "tanh_inplace") (param $p i32) (param $n4 i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n4) (i32.const 4))))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
      (v128.store (local.get $p) (call $tanh4 (v128.load (local.get $p))))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br $l))))

  ;; out[r][g] = act(b[g] + sum_j x[row(r)][j] w[g][j]); w packed [m4][k][4], rows of x at x + row*xs bytes,
  ;; row(r) = idx ? idx[r] : r (idx: i32 row numbers); out rows os bytes apart.
  (func (export "dense") (param $x i32) (param $xs i32) (param $idx i32) (param $n i32) (param $k i32)
        (param $w i32) (param $b i32) (param $m4 i32) (param $out i32) (param $os i32) (param $act i32)
    (local $r i32) (local $g i32) (local $xrow i32) (local $wp i32) (local $xp i32) (local $xend i32) (local $xend4 i32)
    (local $acc v128) (local $acc2 v128) (local $op i32)
    (block $rdone (loop $rl
      (br_if $rdone (i32.ge_u (local.get $r) (local.get $n)))
      (local.set $xrow (i32.add (local.get $x) (i32.mul (local.get $xs)
        (if (result i32) (local.get $idx) (then (i32.load (i32.add (local.get $idx) (i32.shl (local.get $r) (i32.const 2))))) (else (local.get $r))))))
      (local.set $xend (i32.add (local.get $xrow) (i32.shl (local.get $k) (i32.const 2))))
      (local.set $xend4 (i32.add (local.get $xrow) (i32.shl (i32.and (local.get $k) (i32.const -4)) (i32.const 2))))
      (local.set $wp (local.get $w))
      (local.set $op (i32.add (local.get $out) (i32.mul (local.get $r) (local.get $os))))
      (local.set $g (i32.const 0))
      (block $gdone (loop $gl
        (br_if $gdone (i32.ge_u (local.get $g) (local.get $m4)))
        (local.set $acc (v128.load (i32.add (local.get $b) (i32.shl (local.get $g) (i32.const 4)))))
        (local.set $acc2 (v128.const i32x4 0 0 0 0))
        (local.set $xp (local.get $xrow))
        (block $jdone (loop $jl
          (br_if $jdone (i32.ge_u (local.get $xp) (local.get $xend4)))
          (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (f32x4.splat (f32.load (local.get $xp))) (v128.load (local.get $wp)))))
          (local.set $acc2 (f32x4.add (local.get $acc2) (f32x4.mul (f32x4.splat (f32.load offset=4 (local.get $xp))) (v128.load offset=16 (local.get $wp)))))
          (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (f32x4.splat (f32.load offset=8 (local.get $xp))) (v128.load offset=32 (local.get $wp)))))
          (local.set $acc2 (f32x4.add (local.get $acc2) (f32x4.mul (f32x4.splat (f32.load offset=12 (local.get $xp))) (v128.load offset=48 (local.get $wp)))))
          (local.set $xp (i32.add (local.get $xp) (i32.const 16)))
          (local.set $wp (i32.add (local.get $wp) (i32.const 64)))
          (br $jl)))
        (block $tdone (loop $tl
          (br_if $tdone (i32.ge_u (local.get $xp) (local.get $xend)))
          (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (f32x4.splat (f32.load (local.get $xp))) (v128.load (local.get $wp)))))
          (local.set $xp (i32.add (local.get $xp) (i32.const 4)))
          (local.set $wp (i32.add (local.get $wp) (i32.const 16)))
          (br $tl)))
        (local.set $acc (f32x4.add (local.get $acc) (local.get $acc2)))
        (if (local.get $act) (then (local.set $acc (call $tanh4 (local.get $acc)))))
        (v128.store (local.get $op) (local.get $acc))
        (local.set $op (i32.add (local.get $op) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 1)))
        (br $gl)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rl))))

  ;; dw[g][j] += sum_r x[row(r)][j] dz[r][g]; db[g] += sum_r dz[r][g]. dz rows m4*16 bytes apart.
  (func (export "outer_acc") (param $x i32) (param $xs i32) (param $idx i32) (param $n i32) (param $k i32)
        (param $dz i32) (param $m4 i32) (param $dw i32) (param $db i32)
    (local $r i32) (local $g i32) (local $xrow i32) (local $wp i32) (local $xp i32) (local $xend i32) (local $xend4 i32)
    (local $d v128) (local $dp i32) (local $bp i32)
    (local.set $dp (local.get $dz))
    (block $rdone (loop $rl
      (br_if $rdone (i32.ge_u (local.get $r) (local.get $n)))
      (local.set $xrow (i32.add (local.get $x) (i32.mul (local.get $xs)
        (if (result i32) (local.get $idx) (then (i32.load (i32.add (local.get $idx) (i32.shl (local.get $r) (i32.const 2))))) (else (local.get $r))))))
      (local.set $xend (i32.add (local.get $xrow) (i32.shl (local.get $k) (i32.const 2))))
      (local.set $xend4 (i32.add (local.get $xrow) (i32.shl (i32.and (local.get $k) (i32.const -4)) (i32.const 2))))
      (local.set $wp (local.get $dw))
      (local.set $bp (local.get $db))
      (local.set $g (i32.const 0))
      (block $gdone (loop $gl
        (br_if $gdone (i32.ge_u (local.get $g) (local.get $m4)))
        (local.set $d (v128.load (local.get $dp)))
        (v128.store (local.get $bp) (f32x4.add (v128.load (local.get $bp)) (local.get $d)))
        (local.set $xp (local.get $xrow))
        (block $jdone (loop $jl
          (br_if $jdone (i32.ge_u (local.get $xp) (local.get $xend4)))
          (v128.store (local.get $wp) (f32x4.add (v128.load (local.get $wp)) (f32x4.mul (f32x4.splat (f32.load (local.get $xp))) (local.get $d))))
          (v128.store offset=16 (local.get $wp) (f32x4.add (v128.load offset=16 (local.get $wp)) (f32x4.mul (f32x4.splat (f32.load offset=4 (local.get $xp))) (local.get $d))))
          (v128.store offset=32 (local.get $wp) (f32x4.add (v128.load offset=32 (local.get $wp)) (f32x4.mul (f32x4.splat (f32.load offset=8 (local.get $xp))) (local.get $d))))
          (v128.store offset=48 (local.get $wp) (f32x4.add (v128.load offset=48 (local.get $wp)) (f32x4.mul (f32x4.splat (f32.load offset=12 (local.get $xp))) (local.get $d))))
          (local.set $xp (i32.add (local.get $xp) (i32.const 16)))
          (local.set $wp (i32.add (local.get $wp) (i32.const 64)))
          (br $jl)))
        (block $tdone (loop $tl
          (br_if $tdone (i32.ge_u (local.get $xp) (local.get $xend)))
          (v128.store (local.get $wp) (f32x4.add (v128.load (local.get $wp)) (f32x4.mul (f32x4.splat (f32.load (local.get $xp))) (local.get $d))))
          (local.set $xp (i32.add (local.get $xp) (i32.const 4)))
          (local.set $wp (i32.add (local.get $wp) (i32.const 16)))
          (br $tl)))
        (local.set $dp (i32.add (local.get $dp) (i32.const 16)))
        (local.set $bp (i32.add (local.get $bp) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 1)))
        (br $gl)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rl))))

  ;; dh[i] *= 1 - h[i]^2 over n4 vectors
  (func (export "tanh_back") (param $dh i32) (param $h i32) (param $n4 i32)
    (local $end i32) (local $v v128)
    (local.set $end (i32.add (local.get $dh) (i32.shl (local.get $n4) (i32.const 4))))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $dh) (local.get $end)))
      (local.set $v (v128.load (local.get $h)))
      (v128.store (local.get $dh) (f32x4.mul (v128.load (local.get $dh)) (f32x4.sub (f32x4.splat (f32.const 1)) (f32x4.mul (local.get $v) (local.get $v)))))
      (local.set $dh (i32.add (local.get $dh) (i32.const 16)))
      (local.set $h (i32.add (local.get $h) (i32.const 16)))
      (br $l))))
)
