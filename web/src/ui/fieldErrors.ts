import { ApiError } from '../app/api';

// The API names the offending field of a refused form (problem+json `field`, a dotted path such
// as `runbook_url` or `impact.users_affected`); forms show the message beside that field, in
// words, and keep the general alert for errors that name no field the form shows.

/** The form field the error names, when it is a validation error naming one. */
export function errorField(err: unknown): string | null {
  return err instanceof ApiError && err.status === 400 && err.field ? err.field : null;
}

/**
 * The message to show beside `field`: the friendly sentence for it when there is one (the API's
 * wording is for programs: "runbook_url must be an http(s) URL"), or one made from the API's
 * detail when that carries facts worth keeping (the services a cycle goes through), else the detail.
 */
export type FriendlyMessages = Partial<Record<string, string | ((detail: string) => string)>>;

export function fieldError(err: unknown, field: string, friendly: FriendlyMessages = {}): string | undefined {
  const named = errorField(err);
  if (named === null || (named !== field && !named.startsWith(`${field}.`))) return undefined;
  const detail = (err as ApiError).message;
  const say = friendly[field];
  return say === undefined ? detail : typeof say === 'function' ? say(detail) : say;
}

/** The error for the form's general alert: null when it is shown beside one of `fields`. */
export function formError(err: unknown, fields: readonly string[]): unknown {
  const named = errorField(err);
  if (named !== null && fields.some((f) => named === f || named.startsWith(`${f}.`))) return null;
  return err;
}

/** A name another record already has (409 "… already exists"): shown beside the name field. */
export function nameTaken(err: unknown, what: string): string | undefined {
  if (!(err instanceof ApiError) || err.status !== 409 || !/already exists/i.test(err.message)) return undefined;
  return `Another ${what} already has this name (names are unique regardless of capitals); choose another.`;
}
