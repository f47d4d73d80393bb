;; sort: run(n) fills n i32s in linear memory from a xorshift32 generator, sorts them with a
;; recursive quicksort (Hoare partition), checks the order (-1 if wrong) and returns a hash.
(module
  (memory (export "memory") 1)

  (func $ensure (param $bytes i32)
    (local $need i32)
    (local.set $need
      (i32.shr_u (i32.add (local.get $bytes) (i32.const 65535)) (i32.const 16)))
    (if (i32.gt_u (local.get $need) (memory.size))
      (then
        (if (i32.eq (memory.grow (i32.sub (local.get $need) (memory.size))) (i32.const -1))
          (then unreachable)))))

  ;; Sort the elements with indices lo..hi (inclusive): recurse left, loop right.
  (func $qsort (param $lo i32) (param $hi i32)
    (local $p i32) (local $i i32) (local $j i32) (local $t i32)
    (block $done
      (loop $again
        (br_if $done (i32.ge_s (local.get $lo) (local.get $hi)))
        (local.set $p
          (i32.load
            (i32.shl (i32.shr_u (i32.add (local.get $lo) (local.get $hi)) (i32.const 1)) (i32.const 2))))
        (local.set $i (i32.sub (local.get $lo) (i32.const 1)))
        (local.set $j (i32.add (local.get $hi) (i32.const 1)))
        (block $partitioned
          (loop $scan
            (loop $up
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $up
                (i32.lt_s (i32.load (i32.shl (local.get $i) (i32.const 2))) (local.get $p))))
            (loop $down
              (local.set $j (i32.sub (local.get $j) (i32.const 1)))
              (br_if $down
                (i32.gt_s (i32.load (i32.shl (local.get $j) (i32.const 2))) (local.get $p))))
            (br_if $partitioned (i32.ge_s (local.get $i) (local.get $j)))
            (local.set $t (i32.load (i32.shl (local.get $i) (i32.const 2))))
            (i32.store (i32.shl (local.get $i) (i32.const 2))
              (i32.load (i32.shl (local.get $j) (i32.const 2))))
            (i32.store (i32.shl (local.get $j) (i32.const 2)) (local.get $t))
            (br $scan)))
        (call $qsort (local.get $lo) (local.get $j))
        (local.set $lo (i32.add (local.get $j) (i32.const 1)))
        (br $again))))

  (func (export "run") (param $n i32) (result i32)
    (local $i i32) (local $x i32) (local $h i32)
    (call $ensure (i32.shl (local.get $n) (i32.const 2)))
    ;; fill with xorshift32
    (local.set $x (i32.const 2463534242))
    (block $filled
      (loop $fill
        (br_if $filled (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $x (i32.xor (local.get $x) (i32.shl (local.get $x) (i32.const 13))))
        (local.set $x (i32.xor (local.get $x) (i32.shr_u (local.get $x) (i32.const 17))))
        (local.set $x (i32.xor (local.get $x) (i32.shl (local.get $x) (i32.const 5))))
        (i32.store (i32.shl (local.get $i) (i32.const 2)) (local.get $x))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $fill)))
    (call $qsort (i32.const 0) (i32.sub (local.get $n) (i32.const 1)))
    ;; verify order and hash: h = h*31 + a[i]
    (local.set $i (i32.const 0))
    (block $checked
      (loop $check
        (br_if $checked (i32.ge_u (local.get $i) (local.get $n)))
        (if (i32.gt_u (local.get $i) (i32.const 0))
          (then
            (if (i32.gt_s
                  (i32.load (i32.shl (i32.sub (local.get $i) (i32.const 1)) (i32.const 2)))
                  (i32.load (i32.shl (local.get $i) (i32.const 2))))
              (then (return (i32.const -1))))))
        (local.set $h
          (i32.add (i32.mul (local.get $h) (i32.const 31))
            (i32.load (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $check)))
    (local.get $h)))
