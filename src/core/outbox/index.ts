// The outbox: effects outside the database (pages, mail, webhooks). See README.md here.
export type { AttemptOutcome, OutboxStatus } from './tables.js';
export { DEFAULT_MAX_ATTEMPTS, findMessageByKey, listAttempts, markDelivered, markUndelivered, sendAllLater, sendLater, type Attempt, type SendLaterInput } from './messages.js';
export { createOutboxDispatcher, type OutboxDispatcher, type OutboxDispatcherOptions } from './dispatcher.js';
export type { OutboxMessage, Provider, ProviderStatus, SendOptions, StatusQuery } from './provider.js';
export { canMove, classifyStatus, parseRetryAfter, ProviderError, retryDelayMs, type ErrorKind } from './model.js';
export { countMessages } from './store.js';
export { withTimeout } from './attempt.js';
export { openSendJournal, type AcceptedSend, type SendJournal } from './journal.js';
