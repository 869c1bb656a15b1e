import { spawn, type ChildProcess } from 'node:child_process';

const WORKER = 'test/support/outbox-worker.ts';

export interface OutboxWorker {
  owner: string;
  child: ChildProcess;
  exited: Promise<void>;
  kill(signal: NodeJS.Signals): Promise<void>;
  /** Everything it printed on stdout (the `stats {...}` line after SIGTERM). */
  stdout(): string;
}

/**
 * Starts test/support/outbox-worker.ts (optionally pinned with `taskset -c <cpu>`; taskset
 * execs node, so the pid is node's and SIGKILL reaches it) and waits for its `ready` line.
 */
export async function startOutboxWorker(o: {
  url: string;
  owner: string;
  receiverUrl: string;
  timeoutMs?: number;
  concurrency?: number;
  cpu?: string;
  cwd?: string;
  /** A prebuilt JavaScript bundle of the worker (bench:outbox), run without tsx: starts faster. */
  bundle?: string;
  /** Its send journal file (journal.ts); none when absent. */
  journal?: string;
  /** Stop dead once the first send is accepted, or handed over, before its outcome (outbox-worker.ts). */
  hold?: 'accept' | 'handover';
  /** Send the `email` channel to this SMTP server instead of webhooks to the receiver. */
  smtpUrl?: string;
}): Promise<OutboxWorker> {
  const entry = o.bundle ? [o.bundle] : ['--import', 'tsx', WORKER];
  const args = [...entry, o.url, o.owner, o.receiverUrl, String(o.timeoutMs ?? 1_000), String(o.concurrency ?? 8)];
  const env = { ...process.env, OUTBOX_WORKER_JOURNAL: o.journal ?? '', OUTBOX_WORKER_HOLD: o.hold ?? '', OUTBOX_WORKER_SMTP: o.smtpUrl ?? '' };
  const child = o.cpu ? spawn('taskset', ['-c', o.cpu, process.execPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'], cwd: o.cwd, env }) : spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: o.cwd, env });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  let stdout = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes(`ready ${o.owner}`) && resolve());
    void exited.then(() => reject(new Error(`outbox worker ${o.owner} exited before it was ready: ${stderr}`)));
  });
  return {
    owner: o.owner,
    child,
    exited,
    stdout: () => stdout,
    kill: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
