/**
 * The engine in the extension host's own thread, for the browser: a web extension served by a VS Code server
 * runs in the workbench's web-worker extension host, which cannot start workers of its own. Messages still go
 * through the client's protocol, delivered as separate tasks, so the host thread gets its turn between a parse
 * and the fix slices that follow it (the analysis of one file itself is not interruptible: the time budget
 * bounds it).
 */
import type { LocateWasm } from '../../core/analysis/parser';
import type { EnginePort, SpawnEngine } from './client';
import { createEngine } from './engine';
import type { WorkerRequest, WorkerResponse } from './protocol';

/** A macrotask (a timer would be clamped to ≥ 4 ms after a few nested calls; a message port is not). */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });
}

export function inProcessSpawner(locateWasm: () => Promise<LocateWasm>): SpawnEngine {
  return ({ cancelFlags }) => {
    const listeners: { message: Array<(m: WorkerResponse) => void>; error: Array<(e: Error) => void>; exit: Array<(code: number) => void> } = { message: [], error: [], exit: [] };
    let stopped = false;
    const engine = createEngine({
      send: (m) => {
        if (!stopped) for (const l of listeners.message) l(m);
      },
      locateWasm,
      cancelFlags,
      yieldNow: nextTask,
      stopped: () => stopped,
      crash: TEST_HOOKS ? () => void nextTask().then(() => listeners.error.forEach((l) => l(new Error('analysis worker crash requested (test)')))) : undefined,
    });
    const port: EnginePort = {
      postMessage: (m: WorkerRequest) => void nextTask().then(() => !stopped && engine.receive(m)),
      terminate: () => {
        stopped = true;
      },
      on: (event: 'message' | 'error' | 'exit', listener: (x: never) => void) => {
        (listeners[event] as Array<(x: never) => void>).push(listener);
        return port;
      },
    };
    return port;
  };
}
