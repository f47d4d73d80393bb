// The benchmark kernels: guest file, exported entry point and argument (sized so one
// native run takes roughly 5–100 ms on a typical machine).
export interface Kernel {
  readonly name: string;
  /** File name in examples/guests/. */
  readonly file: string;
  readonly entry: string;
  readonly arg: number;
}

export const KERNELS: readonly Kernel[] = [
  { name: 'fib_rec(30)', file: 'fib.wasm', entry: 'fib_rec', arg: 30 },
  { name: 'sieve(10M)', file: 'sieve.wasm', entry: 'run', arg: 10_000_000 },
  { name: 'matmul(256)', file: 'matmul.wasm', entry: 'run', arg: 256 },
  { name: 'sort(1M)', file: 'sort.wasm', entry: 'run', arg: 1_000_000 },
  { name: 'crc32(4M)', file: 'crc32.wasm', entry: 'run', arg: 4 << 20 },
  { name: 'simd-bytecount(1024)', file: 'simd-bytecount.wasm', entry: 'run', arg: 1024 },
];
