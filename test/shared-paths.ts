/** Where the shared material beside the repository lives (`../shared` from the repository root). */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SHARED_DIR = resolve(REPO_ROOT, '..', 'shared');
export const SPECTEST_DIR = resolve(SHARED_DIR, 'spectest');
export const SIGHTGLASS_DIR = resolve(SHARED_DIR, 'benchmarks', 'sightglass');
