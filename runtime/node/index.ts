/** Node-only entry point (`windlass/node`): what needs Node's APIs — a real-directory WASI file system and the epoch ticker thread. */
export { NodeFileSystem } from './wasi-fs.js';
export { startNodeEpochTicker } from './epoch-ticker.js';
