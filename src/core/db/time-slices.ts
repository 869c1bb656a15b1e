import type { DatabaseConnection } from 'kysely';

// SQLite runs in this thread and every statement resolves at once, so a transaction's awaits are
// microtasks only: however many statements it runs, no I/O callback gets a turn before it ends.
// A batch of escalation steps or a commit group could hold the event loop for tens of
// milliseconds that way, while an SMTP server's 250 waited unread (a kill then sent that email
// again), a page's HTTP answer waited, and requests queued. So a statement that would start more
// than SLICE_MS after the current stretch of statements began first lets the event loop run
// (setImmediate). Nothing else can use the connection meanwhile (Kysely's connection mutex);
// the transaction only holds the write lock a little longer. Not while this process has another
// handle on the same file (tests running two servers in one process): that handle's writer would
// wait for the lock synchronously, in the thread the transaction holding it needs to finish.

/** The longest stretch of statements run without letting I/O in. */
export const SLICE_MS = 4;

let sliceStart = -1;
const endSlice = () => {
  sliceStart = -1;
};

/** Undefined when the statement may run now; otherwise a promise that resolves after a turn of the event loop. */
function pauseIfLong(): Promise<void> | undefined {
  const now = performance.now();
  if (sliceStart < 0) {
    sliceStart = now;
    setImmediate(endSlice); // any turn of the loop ends the stretch
    return undefined;
  }
  if (now - sliceStart < SLICE_MS) return undefined;
  return new Promise<void>((resolve) =>
    setImmediate(() => {
      sliceStart = -1;
      resolve();
    }),
  );
}

const sliced = new WeakSet<DatabaseConnection>();

/**
 * Makes the connection's statements give the event loop a turn every SLICE_MS (once per
 * connection), while `alone()` says no other handle in this process has its file open.
 */
export function inTimeSlices(connection: DatabaseConnection, alone: () => boolean): DatabaseConnection {
  if (sliced.has(connection)) return connection;
  sliced.add(connection);
  const run = connection.executeQuery.bind(connection);
  connection.executeQuery = ((query) => {
    const pause = alone() ? pauseIfLong() : undefined;
    return pause ? pause.then(() => run(query)) : run(query);
  }) as DatabaseConnection['executeQuery'];
  return connection;
}
