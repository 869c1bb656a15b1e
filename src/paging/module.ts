import type { DomainModule } from '../core/module.js';
import { advance, advanceAll, startPaging, STEP_JOB, type StepJob } from './escalate.js';
import { pageFailures } from './failures.js';
import { announceHandoff } from './handoffs.js';
import { onSeverityChange, onTransition, REPAGE_JOB, runRepageJob } from './lifecycle.js';
import { NOTIFY_JOB, runNotifyJob, type NotifyJob } from './pages.js';
import { pagingRoutes } from './routes.js';
import { configurePaging } from './runtime.js';

/**
 * Paging: an incident's escalations and pages, planned in the transaction that declares or
 * changes it, timed by durable jobs, delivered through the outbox, followed up when they fail.
 */
export const pagingModule: DomainModule = {
  name: 'paging',
  api: (api) => pagingRoutes(api),
  webPaths: ['/pages'],
  on: {
    'incident.declared': startPaging,
    'incident.transitioned': onTransition,
    'incident.severity_changed': onSeverityChange,
    'schedule.handoff': announceHandoff,
  },
  engine: (kernel) => {
    configurePaging(kernel);
    return [pageFailures];
  },
  jobs: [
    // Their own queue, several batches at once: escalation steps are independent (each locks its
    // escalation), and a storm of due steps must not wait behind other domains' jobs.
    // A batch's due steps fire together: one statement per table for them all (bench:paging).
    {
      kind: STEP_JOB,
      handler: (_tx, job, ctx) => advance(ctx, job.payload as StepJob, ctx.now),
      together: (_tx, jobs, ctx) => advanceAll(ctx, jobs.map((j) => j.payload as StepJob), ctx.now),
      queue: 'paging',
      concurrency: 6,
    },
    { kind: NOTIFY_JOB, handler: (_tx, job, ctx) => runNotifyJob(ctx, job.payload as NotifyJob), queue: 'paging', concurrency: 6 },
    { kind: REPAGE_JOB, handler: (_tx, job, ctx) => runRepageJob(ctx, job.payload as Parameters<typeof runRepageJob>[1], ctx.now), queue: 'paging', concurrency: 6 },
  ],
};
