/**
 * A bundle-scan worker thread (see ./pool.ts): receives an object's bytes (transferred, not
 * copied), answers with what ./scan.ts finds in them — or with the one-line error that stopped
 * the scan (a pattern over its time limit), which must reach the source rather than kill the
 * thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isParityError } from '../../errors.js';
import { compilePatterns, scanBytes } from './scan.js';
import type { NamedPattern } from './scan.js';

const patterns = compilePatterns((workerData as { patterns: NamedPattern[] }).patterns);

parentPort?.on('message', ({ id, bytes }: { id: number; bytes: Uint8Array }) => {
  try {
    parentPort?.postMessage({ id, scan: scanBytes(bytes, patterns) });
  } catch (error) {
    if (!isParityError(error)) throw error;
    parentPort?.postMessage({ id, error: error.message });
  }
});
