;; SIMD byte count (a memchr-style kernel): run(passes) fills 1 MiB with pseudo-random bytes,
;; then counts, pass after pass, how often one needle byte occurs: 64 bytes per loop iteration
;; with i8x16.eq, byte-wide counters in an i8x16 accumulator flushed to i32 lanes every
;; 2 KiB. Returns a hash of all counts.
(module
  (memory (export "memory") 17)

  ;; fills [0, 1 MiB) with the high bytes of an LCG
  (func $fill
    (local $p i32) (local $x i32)
    (local.set $x (i32.const 12345))
    (loop $l
      (local.set $x (i32.add (i32.mul (local.get $x) (i32.const 1103515245)) (i32.const 12345)))
      (i32.store (local.get $p) (local.get $x))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (br_if $l (i32.lt_u (local.get $p) (i32.const 1048576)))))

  ;; occurrences of byte $needle in [0, 1 MiB)
  (func $count (param $needle i32) (result i32)
    (local $p i32) (local $end i32) (local $n v128) (local $acc v128) (local $total v128)
    (local.set $n (i8x16.splat (local.get $needle)))
    (loop $chunks
      ;; 2 KiB chunks: at most 128 matches per byte lane, so the i8 counters cannot wrap
      (local.set $acc (v128.const i64x2 0 0))
      (local.set $end (i32.add (local.get $p) (i32.const 2048)))
      (loop $blocks
        ;; a match is -1 in its lane: subtracting counts it
        (local.set $acc (i8x16.sub (local.get $acc) (i8x16.eq (v128.load offset=0 (local.get $p)) (local.get $n))))
        (local.set $acc (i8x16.sub (local.get $acc) (i8x16.eq (v128.load offset=16 (local.get $p)) (local.get $n))))
        (local.set $acc (i8x16.sub (local.get $acc) (i8x16.eq (v128.load offset=32 (local.get $p)) (local.get $n))))
        (local.set $acc (i8x16.sub (local.get $acc) (i8x16.eq (v128.load offset=48 (local.get $p)) (local.get $n))))
        (local.set $p (i32.add (local.get $p) (i32.const 64)))
        (br_if $blocks (i32.lt_u (local.get $p) (local.get $end))))
      (local.set $total (i32x4.add (local.get $total)
        (i32x4.extadd_pairwise_i16x8_u (i16x8.extadd_pairwise_i8x16_u (local.get $acc)))))
      (br_if $chunks (i32.lt_u (local.get $p) (i32.const 1048576))))
    (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $total)) (i32x4.extract_lane 1 (local.get $total)))
      (i32.add (i32x4.extract_lane 2 (local.get $total)) (i32x4.extract_lane 3 (local.get $total)))))

  ;; $passes passes, pass i counting byte (37 * i) mod 256; returns a hash of the counts
  (func (export "run") (param $passes i32) (result i32)
    (local $i i32) (local $hash i32)
    (call $fill)
    (loop $l
      (local.set $hash (i32.add (i32.mul (local.get $hash) (i32.const 31))
        (call $count (i32.and (i32.mul (local.get $i) (i32.const 37)) (i32.const 255)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $passes))))
    (local.get $hash)))
