;; sieve: run(n) counts the primes below n with a sieve of Eratosthenes over n bytes of
;; linear memory (one byte per number), growing memory as needed. run(10000000) = 664579.
(module
  (memory (export "memory") 1)

  ;; Grow memory so that it holds at least $bytes bytes; trap if it cannot.
  (func $ensure (param $bytes i32)
    (local $need i32)
    (local.set $need
      (i32.shr_u (i32.add (local.get $bytes) (i32.const 65535)) (i32.const 16)))
    (if (i32.gt_u (local.get $need) (memory.size))
      (then
        (if (i32.eq (memory.grow (i32.sub (local.get $need) (memory.size))) (i32.const -1))
          (then unreachable)))))

  (func (export "run") (param $n i32) (result i32)
    (local $i i32) (local $j i32) (local $count i32)
    (call $ensure (local.get $n))
    ;; every number starts as a candidate
    (block $filled
      (loop $fill
        (br_if $filled (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store8 (local.get $i) (i32.const 1))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $fill)))
    ;; strike out multiples of every prime i with i*i < n
    (local.set $i (i32.const 2))
    (block $sieved
      (loop $outer
        (br_if $sieved (i32.ge_u (i32.mul (local.get $i) (local.get $i)) (local.get $n)))
        (if (i32.load8_u (local.get $i))
          (then
            (local.set $j (i32.mul (local.get $i) (local.get $i)))
            (block $struck
              (loop $strike
                (br_if $struck (i32.ge_u (local.get $j) (local.get $n)))
                (i32.store8 (local.get $j) (i32.const 0))
                (local.set $j (i32.add (local.get $j) (local.get $i)))
                (br $strike)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $outer)))
    ;; count what is left from 2 up
    (local.set $i (i32.const 2))
    (block $counted
      (loop $count_loop
        (br_if $counted (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $count (i32.add (local.get $count) (i32.load8_u (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $count_loop)))
    (local.get $count)))
