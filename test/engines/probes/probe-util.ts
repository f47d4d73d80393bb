/** Helpers shared by the cross-engine probes (bundled into each; no Node-only API). */

/** Bytes of a base64 string (probe inputs carry wasm as base64). */
export const fromBase64 = (s: string): Uint8Array<ArrayBuffer> => {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
};

/** The engine's name as seen from inside it. */
export const engineName = (): string => {
  const g = globalThis as { navigator?: { userAgent?: string }; process?: { versions?: Record<string, string> } };
  const v = g.process?.versions;
  if (v?.['bun']) return `Bun ${v['bun']}`;
  if (v?.['node']) return `Node ${v['node']} (V8 ${v['v8']})`;
  return g.navigator?.userAgent ?? 'unknown';
};
