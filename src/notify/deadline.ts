/**
 * Runs one provider of a failover chain with its own deadline inside the attempt's signal. A
 * plain timer, not `AbortSignal.any([…, AbortSignal.timeout()])`: a timeout signal that only
 * `any` refers to can be garbage-collected before it fires, and the chain then hangs (seen
 * under load: the SMS router's hanging-provider test timed out).
 */
export async function withDeadline<T>(parent: AbortSignal, ms: number, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const own = new AbortController();
  const abort = () => own.abort(parent.reason);
  if (parent.aborted) abort();
  else parent.addEventListener('abort', abort, { once: true });
  const timer = setTimeout(() => own.abort(new DOMException(`no answer within ${ms} ms`, 'TimeoutError')), ms);
  try {
    return await fn(own.signal);
  } finally {
    clearTimeout(timer);
    parent.removeEventListener('abort', abort);
  }
}
