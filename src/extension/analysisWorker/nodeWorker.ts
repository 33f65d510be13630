/** The engine in a Node worker thread (dist/analysisWorker.js), the wasm files in `wasmDir`. */
import { Worker } from 'node:worker_threads';
import type { SpawnEngine } from './client';
import type { WorkerInit } from './protocol';

export function nodeWorkerSpawner(workerPath: string, wasmDir: string): SpawnEngine {
  return ({ cancelFlags }) => {
    const workerData: WorkerInit = { wasmDir, cancelFlags };
    return new Worker(workerPath, { workerData, name: 'training-advisor-analysis' });
  };
}
