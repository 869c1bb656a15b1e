import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { sqliteDriverName } from './sqlite.js';

/**
 * Moves a SQLite file's WAL checkpoints off the event loop. By default SQLite checkpoints inside
 * the commit that takes the WAL past 1,000 pages: that commit copies 4 MB back into the database
 * file and syncs it while the server waits. Here a worker thread with a connection of its own
 * runs a PASSIVE checkpoint every `intervalMs`, which never blocks the writer, and the server's
 * connection checkpoints only past `WAL_FRAMES_BEFORE_CATCH_UP` (index.ts): a writer that never
 * pauses leaves the worker no gap to finish in, so the WAL is not reused from its start and grows;
 * that commit's checkpoint then copies only the few frames the worker has not, and the WAL starts
 * over. Should the worker fail or exit, the server's connection checkpoints as by default
 * (`onLost`).
 */
export interface Checkpointer {
  /** False once the worker failed or exited on its own (the connection checkpoints again). */
  running(): boolean;
  stop(): Promise<void>;
}

export interface CheckpointerOptions {
  intervalMs?: number;
  busyTimeoutMs?: number;
  /** Called once, from the event loop, if the worker stops on its own (an error, a crash). */
  onLost(err: unknown): void;
}

// Runs in the worker (eval: plain CommonJS). Opens the file with the driver the server uses.
const WORKER = `
const { parentPort, workerData: w } = require('node:worker_threads');
const db = w.driver === 'node:sqlite' ? new (process.getBuiltinModule('node:sqlite').DatabaseSync)(w.file) : new (require(w.driverPath))(w.file);
const one = (sql) => (db.prepare(sql).all()[0] ?? {});
one('PRAGMA busy_timeout = ' + w.busyTimeoutMs);
let timer;
let failures = 0;
const tick = () => {
  try {
    one('PRAGMA wal_checkpoint(PASSIVE)');
    failures = 0;
  } catch (err) {
    // A passing lock or I/O hiccup is tried again; ten in a row hand checkpoints back (onLost).
    if (++failures >= 10) throw err;
  }
  timer = setTimeout(tick, w.intervalMs);
};
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearTimeout(timer);
  db.close();
  parentPort.close();
});
timer = setTimeout(tick, w.intervalMs);
`;

export function startCheckpointer(file: string, opts: CheckpointerOptions): Checkpointer {
  const driver = sqliteDriverName();
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: {
      file,
      driver,
      driverPath: driver === 'better-sqlite3' ? createRequire(import.meta.url).resolve('better-sqlite3') : null,
      intervalMs: opts.intervalMs ?? 200,
      busyTimeoutMs: opts.busyTimeoutMs ?? 5_000,
    },
  });
  // Never keeps the process alive on its own: the server's close stops it.
  worker.unref();
  let stopping = false;
  let lost = false;
  const lose = (err: unknown) => {
    if (stopping || lost) return;
    lost = true;
    opts.onLost(err);
  };
  worker.on('error', lose);
  worker.on('exit', (code) => lose(new Error(`the checkpoint worker exited with code ${code}`)));
  return {
    running: () => !stopping && !lost,
    async stop() {
      if (stopping || lost) return;
      stopping = true;
      const exited = new Promise((r) => worker.once('exit', r));
      worker.postMessage('stop');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2_000).unref())]);
      await worker.terminate();
    },
  };
}
