;; matmul: run(n) fills two n×n f64 matrices A and B in linear memory, computes C = A·B
;; (i-k-j loop order) and returns a weighted f64 checksum of C. Deterministic: no fused ops.
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

  (func (export "run") (param $n i32) (result f64)
    (local $nn8 i32) (local $a i32) (local $b i32) (local $c i32)
    (local $i i32) (local $j i32) (local $k i32)
    (local $aik f64) (local $crow i32) (local $brow i32) (local $sum f64)
    ;; layout: A at 0, B at n*n*8, C at 2*n*n*8
    (local.set $nn8 (i32.shl (i32.mul (local.get $n) (local.get $n)) (i32.const 3)))
    (local.set $b (local.get $nn8))
    (local.set $c (i32.shl (local.get $nn8) (i32.const 1)))
    (call $ensure (i32.mul (local.get $nn8) (i32.const 3)))
    ;; A[i][j] = ((3i + 7j) mod 11) * 0.25 - 1;  B[i][j] = ((5i + j) mod 13) * 0.5 - 3;  C = 0
    (local.set $i (i32.const 0))
    (block $init_done
      (loop $init_i
        (br_if $init_done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $j (i32.const 0))
        (block $row_done
          (loop $init_j
            (br_if $row_done (i32.ge_u (local.get $j) (local.get $n)))
            (local.set $k
              (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j)) (i32.const 3)))
            (f64.store (local.get $k)
              (f64.sub
                (f64.mul
                  (f64.convert_i32_u
                    (i32.rem_u
                      (i32.add (i32.mul (local.get $i) (i32.const 3)) (i32.mul (local.get $j) (i32.const 7)))
                      (i32.const 11)))
                  (f64.const 0.25))
                (f64.const 1)))
            (f64.store (i32.add (local.get $b) (local.get $k))
              (f64.sub
                (f64.mul
                  (f64.convert_i32_u
                    (i32.rem_u
                      (i32.add (i32.mul (local.get $i) (i32.const 5)) (local.get $j))
                      (i32.const 13)))
                  (f64.const 0.5))
                (f64.const 3)))
            (f64.store (i32.add (local.get $c) (local.get $k)) (f64.const 0))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $init_j)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $init_i)))
    ;; C[i][j] += A[i][k] * B[k][j]
    (local.set $i (i32.const 0))
    (block $mul_done
      (loop $mul_i
        (br_if $mul_done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $crow
          (i32.add (local.get $c) (i32.shl (i32.mul (local.get $i) (local.get $n)) (i32.const 3))))
        (local.set $k (i32.const 0))
        (block $k_done
          (loop $mul_k
            (br_if $k_done (i32.ge_u (local.get $k) (local.get $n)))
            (local.set $aik
              (f64.load
                (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $k)) (i32.const 3))))
            (local.set $brow
              (i32.add (local.get $b) (i32.shl (i32.mul (local.get $k) (local.get $n)) (i32.const 3))))
            (local.set $j (i32.const 0))
            (block $j_done
              (loop $mul_j
                (br_if $j_done (i32.ge_u (local.get $j) (local.get $n)))
                (local.set $a (i32.shl (local.get $j) (i32.const 3)))
                (f64.store (i32.add (local.get $crow) (local.get $a))
                  (f64.add
                    (f64.load (i32.add (local.get $crow) (local.get $a)))
                    (f64.mul (local.get $aik) (f64.load (i32.add (local.get $brow) (local.get $a))))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $mul_j)))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $mul_k)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $mul_i)))
    ;; checksum = sum over flat index x of C[x] * ((x mod 7) + 1)
    (local.set $i (i32.const 0))
    (local.set $j (i32.mul (local.get $n) (local.get $n)))
    (block $sum_done
      (loop $sum_loop
        (br_if $sum_done (i32.ge_u (local.get $i) (local.get $j)))
        (local.set $sum
          (f64.add (local.get $sum)
            (f64.mul
              (f64.load (i32.add (local.get $c) (i32.shl (local.get $i) (i32.const 3))))
              (f64.convert_i32_u (i32.add (i32.rem_u (local.get $i) (i32.const 7)) (i32.const 1))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $sum_loop)))
    (local.get $sum)))
