;; crc32: run(n) builds the CRC-32 lookup table (1 KiB at address 0), fills n bytes after it
;; from an LCG, and returns the CRC-32 of those bytes: byte loads/stores with static offsets.
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

  (func $make_table
    (local $k i32) (local $c i32) (local $bit i32)
    (block $done
      (loop $entry
        (br_if $done (i32.ge_u (local.get $k) (i32.const 256)))
        (local.set $c (local.get $k))
        (local.set $bit (i32.const 8))
        (loop $shift
          (local.set $c
            (select
              (i32.xor (i32.const 0xEDB88320) (i32.shr_u (local.get $c) (i32.const 1)))
              (i32.shr_u (local.get $c) (i32.const 1))
              (i32.and (local.get $c) (i32.const 1))))
          (local.set $bit (i32.sub (local.get $bit) (i32.const 1)))
          (br_if $shift (local.get $bit)))
        (i32.store (i32.shl (local.get $k) (i32.const 2)) (local.get $c))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $entry))))

  (func (export "run") (param $n i32) (result i32)
    (local $i i32) (local $s i32) (local $crc i32)
    (call $ensure (i32.add (local.get $n) (i32.const 1024)))
    (call $make_table)
    ;; data bytes: s = s*1103515245 + 12345; byte = s >> 16
    (local.set $s (i32.const 12345))
    (block $filled
      (loop $fill
        (br_if $filled (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $s
          (i32.add (i32.mul (local.get $s) (i32.const 1103515245)) (i32.const 12345)))
        (i32.store8 offset=1024 (local.get $i) (i32.shr_u (local.get $s) (i32.const 16)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $fill)))
    (local.set $crc (i32.const -1))
    (local.set $i (i32.const 0))
    (block $hashed
      (loop $hash
        (br_if $hashed (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $crc
          (i32.xor
            (i32.load
              (i32.shl
                (i32.and
                  (i32.xor (local.get $crc) (i32.load8_u offset=1024 (local.get $i)))
                  (i32.const 255))
                (i32.const 2)))
            (i32.shr_u (local.get $crc) (i32.const 8))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $hash)))
    (i32.xor (local.get $crc) (i32.const -1))))
