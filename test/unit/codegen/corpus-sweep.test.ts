/**
 * Compiles every module of the core and bulk-memory spec scripts: valid ones must
 * give a host module that validates (or an UnsupportedError for post-2.0 features),
 * invalid and binary-malformed ones a CompileError.
 */
import { describe, expect, it } from 'vitest';
import { sweep } from './corpus.js';

describe.each([true, false])('spec corpus sweep (boundsChecks: %s)', (boundsChecks) => {
  it('core + bulk-memory', () => {
    const r = sweep(['core', 'bulk-memory'], { boundsChecks });
    console.log(`boundsChecks=${boundsChecks}: valid ${r.validOk}/${r.valid} ok, ${r.validUnsupported} unsupported, ` +
      `${r.validLimit} over host limits; rejected ${r.rejectedOk}/${r.rejected} with CompileError, ` +
      `${r.rejectedUnsupported} unsupported first; ${r.textDiffers.length} with a different text`);
    // post-2.0 invalid modules may be refused as unsupported before their error is found
    const real = r.failures.filter((f) => !f.detail.startsWith('unsupported instead of'));
    expect(real).toEqual([]);
    expect(r.validOk + r.validUnsupported + r.validLimit).toBe(r.valid);
  });
});
