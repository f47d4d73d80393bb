/** Where the spec corpus lives and which of its folders the spec-corpus tests run. */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This folder (test/spec). */
export const SPEC_TEST_DIR = dirname(fileURLToPath(import.meta.url));
/** The corpus: `../shared/spectest` relative to the repository root. */
export const CORPUS = resolve(SPEC_TEST_DIR, '..', '..', '..', 'shared', 'spectest');
/** Folders whose every script runs. */
export const FOLDERS = ['core', 'bulk-memory', 'simd', 'relaxed-simd'] as const;
/** The known-failures list. */
export const KNOWN_FAILURES = join(SPEC_TEST_DIR, 'known-failures.txt');
