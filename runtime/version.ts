/** The Windlass version, recorded in serialized modules (kept equal to package.json's by a test). */
export const WINDLASS_VERSION = '0.1.0';
