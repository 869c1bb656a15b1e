// One check in flight: its abort signal, its timeout, and the one outcome it settles with,
// whether the checker answers, throws, ignores its abort, or is stopped.
import type { CheckOutcome } from './model.js';
import type { Scheduled, Timers } from './model.schedule.js';

/** What a run needs from its scheduler. */
export interface RunHost<T extends Scheduled> {
  readonly timers: Timers;
  /** How long after the abort a run that ignores it is still waited for. */
  readonly giveUpAfterMs: number;
  /** Called once per run, with the outcome for the latency the scheduler measured. */
  settled(run: CheckRun<T>, outcome: (latencyMs: number) => CheckOutcome): void;
  /** The run ignored its abort and is given up on. */
  abandoned(run: CheckRun<T>): void;
}

export const failedOutcome = (failure: 'timeout' | 'error', message: string, latency_ms: number): CheckOutcome => ({
  status: 'down',
  latency_ms,
  failure,
  message: message.slice(0, 200),
});

export class CheckRun<T extends Scheduled> {
  private timer: unknown = null;
  private done = false;
  /** Aborted by stop() or remove(): its outcome is no real result and is not reported. */
  dropped = false;
  private readonly controller = new AbortController();

  constructor(
    readonly item: T,
    readonly dueAt: number,
    readonly startedAt: number,
    private readonly host: RunHost<T>,
  ) {}

  start(check: (item: T, signal: AbortSignal) => Promise<CheckOutcome>): void {
    const { timeoutMs } = this.item;
    this.timer = this.host.timers.setTimeout(() => this.abort(new DOMException(`check timed out after ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
    let answer: Promise<CheckOutcome>;
    try {
      answer = Promise.resolve(check(this.item, this.controller.signal));
    } catch (err) {
      answer = Promise.reject(err);
    }
    answer.then(
      (outcome) => this.finish((ms) => (outcome && typeof outcome === 'object' ? outcome : failedOutcome('error', 'the checker returned no outcome', ms))),
      (err: unknown) => this.finish((ms) => failedOutcome('error', err instanceof Error ? err.message : String(err), ms)),
    );
  }

  /** Aborts the check; if it has not settled giveUpAfterMs later, it settles as a timeout. */
  abort(reason: DOMException): void {
    if (this.done) return;
    if (this.timer !== null) this.host.timers.clearTimeout(this.timer);
    this.controller.abort(reason);
    this.timer = this.host.timers.setTimeout(() => this.giveUp(), this.host.giveUpAfterMs);
  }

  drop(): void {
    this.dropped = true;
    this.abort(new DOMException('the check scheduler stopped this check', 'AbortError'));
  }

  private giveUp(): void {
    this.timer = null;
    this.host.abandoned(this);
    this.finish((ms) => failedOutcome('timeout', `no answer within ${this.item.timeoutMs} ms`, ms));
  }

  private finish(outcome: (latencyMs: number) => CheckOutcome): void {
    if (this.done) return;
    this.done = true;
    if (this.timer !== null) this.host.timers.clearTimeout(this.timer);
    this.timer = null;
    this.host.settled(this, outcome);
  }
}
