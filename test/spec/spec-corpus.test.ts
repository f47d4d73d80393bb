/**
 * Spec corpus (core, bulk-memory, simd, relaxed-simd), shard 1 of 2: one test per script; see corpus.ts.
 * The scripts are split over two files so vitest's two workers share the load.
 */
import { describe } from 'vitest';
import { defineShard } from './corpus.js';

describe('spec corpus shard 1/2', () => defineShard(0, 2));
