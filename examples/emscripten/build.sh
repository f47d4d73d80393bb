#!/bin/sh
# Rebuilds program.js + program.wasm from program.c with Debian's emscripten (3.1.6).
# The built files are committed so tests need no emscripten.
set -eu
cd "$(dirname "$0")"
# Debian installs emscripten's JS dependencies (acorn) under /usr/share/nodejs.
export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}"
emcc program.c -O2 -o program.js \
  -s ENVIRONMENT=node \
  -s MODULARIZE=1 -s EXPORT_NAME=createProgram \
  -s ALLOW_MEMORY_GROWTH=1 -s INITIAL_MEMORY=2MB -s TOTAL_STACK=256KB \
  -s EXIT_RUNTIME=1 \
  -mno-sign-ext -mno-bulk-memory -mno-nontrapping-fptoint
