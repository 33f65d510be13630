/**
 * The analysis worker thread on Node (bundled to dist/analysisWorker.js): runs the engine (engine.ts) here, so
 * parsing and rules never run on the extension host's main thread. The wasm files are next to this bundle.
 */
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { createEngine } from './engine';
import type { WorkerInit, WorkerRequest, WorkerResponse } from './protocol';

const init = workerData as WorkerInit;
const port = parentPort!;
const engine = createEngine({
  send: (m: WorkerResponse) => port.postMessage(m),
  locateWasm: async () => (file) => path.join(init.wasmDir, path.basename(file)),
  cancelFlags: init.cancelFlags,
  yieldNow: () => new Promise((resolve) => setImmediate(resolve)),
  crash: TEST_HOOKS ? () => setImmediate(() => { throw new Error('analysis worker crash requested (test)'); }) : undefined,
});
port.on('message', (m: WorkerRequest) => engine.receive(m));
