// The durable-work foundation: cycle runner, leases, durable jobs. See README.md here.
export { createEngine, dbLeases, type Engine, type EngineOptions, type QueueConfig } from './engine.js';
export { createCycleRunner, TickTimeoutError, type CycleReport, type CycleRunner, type EngineModule, type LeaseStore } from './runner.js';
export { DEFAULT_MAX_ATTEMPTS, enqueue, schedule, UnknownJobKindError, type EnqueueInput, type Job, type JobCtx, type JobHandler, type JobOptions, type JobsHandler } from './jobs.js';
export { DEFAULT_JOB_RETENTION_MS } from './prune.js';
export { countJobs, findJobById, findJobByKey } from './store.js';
export { backoffMs, retryDelayMs } from './model.js';
