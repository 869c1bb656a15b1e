import type { OutboxMessage } from '../../src/core/outbox/index.js';

/** An outbox message as a provider sees it mid-send (first attempt), for provider wire tests. */
export function outboxMessage<P>(channel: string, key: string, payload: P): OutboxMessage<P> {
  const unset = { providerRef: null, lastError: null, sentAt: null, deliveredAt: null, failedAt: null };
  return { id: `obx_${key}`, channel, key, payload, status: 'sending', attempts: 1, maxAttempts: 10, createdAt: 0, ...unset };
}

/** The error a send rejected with; fails the test when it resolved. */
export async function rejectionOf<E = Error>(send: Promise<unknown>): Promise<E> {
  return send.then(
    () => Promise.reject(new Error('expected the send to fail')),
    (err: unknown) => err as E,
  );
}
