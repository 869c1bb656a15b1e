// The durable-work foundation: cycle runner, leases, durable jobs. See README.md here.
export { createEngine, dbLeases, type Engine, type EngineOptions } from './engine.js';
export { createCycleRunner, type CycleReport, type CycleRunner, type EngineModule, type LeaseStore } from './runner.js';
export { DEFAULT_MAX_ATTEMPTS, enqueue, UnknownJobKindError, type EnqueueInput, type Job, type JobCtx, type JobHandler } from './jobs.js';
export { countJobs, findJobById, findJobByKey } from './store.js';
export { backoffMs, retryDelayMs } from './model.js';
