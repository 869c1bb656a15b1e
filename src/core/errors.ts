/**
 * The closed set of errors that cross the edge. Each has a stable code and maps once to
 * application/problem+json (RFC 9457) in src/http/problem.ts.
 */
export type ErrorCode =
  | 'validation'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'rate_limited'
  | 'unavailable';

export abstract class AppError extends Error {
  abstract readonly code: ErrorCode;
  abstract readonly status: number;
  abstract readonly title: string;
}

export class ValidationError extends AppError {
  readonly code = 'validation';
  readonly status = 400;
  readonly title = 'Invalid request';
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export class UnauthorizedError extends AppError {
  readonly code = 'unauthorized';
  readonly status = 401;
  readonly title = 'Authentication required';
}

export class ForbiddenError extends AppError {
  readonly code = 'forbidden';
  readonly status = 403;
  readonly title = 'Forbidden';
}

export class NotFoundError extends AppError {
  readonly code = 'not_found';
  readonly status = 404;
  readonly title = 'Not found';
  constructor(what: string, id?: string) {
    super(id === undefined ? `${what} not found` : `${what} ${id} not found`);
  }
}

/** What a lookup found, or null when it found nothing; any other failure (the database) still throws. */
export const unlessMissing = <T>(lookup: Promise<T>): Promise<T | null> =>
  lookup.catch((err: unknown) => {
    if (err instanceof NotFoundError) return null;
    throw err;
  });

export class ConflictError extends AppError {
  readonly code = 'conflict';
  readonly status = 409;
  readonly title = 'Conflict';
}

export class PayloadTooLargeError extends AppError {
  readonly code = 'payload_too_large';
  readonly status = 413;
  readonly title = 'Payload too large';
}

export class RateLimitedError extends AppError {
  readonly code = 'rate_limited';
  readonly status = 429;
  readonly title = 'Too many requests';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

export class UnavailableError extends AppError {
  readonly code = 'unavailable';
  readonly status = 503;
  readonly title = 'Service unavailable';
}
