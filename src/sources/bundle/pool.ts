/**
 * Scanning a bundle's objects on several cores. Large bundles are scanned by worker threads,
 * each object's bytes transferred to the least busy worker; small ones on the main thread,
 * where starting workers would cost more than it saves.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ParityError } from '../../errors.js';
import { compilePatterns, scanBytes } from './scan.js';
import type { NamedPattern, ObjectScan } from './scan.js';

/** Below this much text, one thread scans faster than several start (measured: bench/). */
export const WORKER_THRESHOLD_BYTES = 8 * 1024 * 1024;

export interface Scanner {
  /** Scans one object's bytes; with workers the buffer is handed over and unusable after. */
  scan(bytes: Uint8Array): Promise<ObjectScan>;
  close(): Promise<void>;
}

/**
 * How many workers for `textBytes` of text: none below the threshold, else one per core up to
 * four. `PARITY_SCAN_WORKERS` (a number, 0 for none) overrides the choice.
 */
export function workerCount(textBytes: number, env: NodeJS.ProcessEnv = process.env): number {
  const forced = env.PARITY_SCAN_WORKERS;
  if (forced !== undefined && /^\d+$/.test(forced)) return Math.min(Number(forced), 16);
  if (textBytes < WORKER_THRESHOLD_BYTES) return 0;
  return Math.min(availableParallelism(), 4);
}

// The worker is its own file of the bundle, beside this code in dist/ (scripts/build.mjs).
// Run from src/ (tests, under tsx) there is none: the scan stays on the main thread.
const workerFile = new URL('./bundle-scan-worker.js', import.meta.url);

export function createScanner(patterns: readonly NamedPattern[], workers: number): Scanner {
  if (workers === 0 || !existsSync(fileURLToPath(workerFile))) {
    const compiled = compilePatterns(patterns);
    return {
      scan: (bytes) => Promise.resolve(scanBytes(bytes, compiled)),
      close: () => Promise.resolve(),
    };
  }
  return workerScanner(workerFile, patterns, workers);
}

interface Slot {
  readonly worker: Worker;
  readonly pending: Map<number, { resolve: (s: ObjectScan) => void; reject: (e: Error) => void }>;
  /** Why the worker died; later scans sent to it would wait forever. */
  failure?: Error;
}

type Reply = { id: number; scan: ObjectScan } | { id: number; error: string };

function workerScanner(url: URL, patterns: readonly NamedPattern[], size: number): Scanner {
  let nextId = 0;
  const slots: Slot[] = Array.from({ length: size }, () => {
    const worker = new Worker(url, { workerData: { patterns } });
    const slot: Slot = { worker, pending: new Map() };
    worker.on('message', (reply: Reply) => {
      const pending = slot.pending.get(reply.id);
      slot.pending.delete(reply.id);
      if ('error' in reply) pending?.reject(new ParityError('SOURCE_FAILED', reply.error));
      else pending?.resolve(reply.scan);
    });
    const fail = (error: Error): void => {
      slot.failure ??= error;
      for (const p of slot.pending.values()) p.reject(slot.failure);
      slot.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) =>
      fail(new Error(`a bundle-scan worker stopped (exit code ${code})`)),
    );
    return slot;
  });
  return {
    scan(bytes) {
      const slot = slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
      if (slot.failure) return Promise.reject(slot.failure);
      const id = nextId++;
      return new Promise<ObjectScan>((resolve, reject) => {
        slot.pending.set(id, { resolve, reject });
        // Transfer the bytes when they own their memory; a view into a shared pool is copied.
        const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
        const buffer = bytes.buffer;
        slot.worker.postMessage(
          { id, bytes },
          own && buffer instanceof ArrayBuffer ? [buffer] : [],
        );
      });
    },
    async close() {
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
