/**
 * A bundle-scan worker thread (see ./pool.ts): receives an object's bytes (transferred, not
 * copied), answers with what ./scan.ts finds in them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compilePatterns, scanBytes } from './scan.js';
import type { NamedPattern } from './scan.js';

const patterns = compilePatterns((workerData as { patterns: NamedPattern[] }).patterns);

parentPort?.on('message', ({ id, bytes }: { id: number; bytes: Uint8Array }) => {
  parentPort?.postMessage({ id, scan: scanBytes(bytes, patterns) });
});
