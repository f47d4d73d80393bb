#!/bin/sh
# Builds the WASI example programs (wasm32-wasi, preview1) with Debian's toolchain:
#   apt-get install clang lld wasi-libc libclang-rt-14-dev-wasm32
# The built .wasm files are committed, so tests and CI do not need the toolchain.
set -eu
cd "$(dirname "$0")"
CC=${CC:-clang}
for src in transform fsops envargs stdin-wc trap; do
  "$CC" --target=wasm32-wasi -O2 -Wall -Wextra -o "$src.wasm" "$src.c"
  echo "built $src.wasm ($(wc -c < "$src.wasm") bytes)"
done
