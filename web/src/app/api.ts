// The one way the web app talks to the server: same-origin cookies, the session's CSRF token
// on every change, and problem+json answers turned into readable errors.

export const API_BASE = '/api/v1';

// The API's JSON shapes, generated from the OpenAPI document into src/http/api-types.ts
// (`npm run openapi`). Types only: the import is erased, nothing from src/ reaches the bundle.
export type { ApiQuery, ApiRequestBody, ApiResponse } from '../../../src/http/api-types';

/** A failed API call; `message` is the server's `detail`, fit to show a person. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | null,
    readonly field: string | null = null,
    readonly requestId: string | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;

/** Remembered from the sign-in, setup and /me answers; sent as X-CSRF-Token on writes. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

interface Problem {
  title?: string;
  detail?: string;
  code?: string;
  field?: string;
  request_id?: string;
}

async function toError(res: Response): Promise<ApiError> {
  let problem: Problem = {};
  try {
    problem = (await res.json()) as Problem;
  } catch {
    // not JSON (a proxy error page, say): fall back to the status line
  }
  const message = problem.detail || problem.title || `${res.status} ${res.statusText || 'request failed'}`;
  return new ApiError(message, res.status, problem.code ?? null, problem.field ?? null, problem.request_id ?? null);
}

/** The answer to `GET path` that boot.ts asked for before the app started, taken once. */
function takeEarly(path: string): Promise<Response> | undefined {
  const answers = globalThis.window?.tocsinEarly;
  const answer = answers?.get(path);
  answers?.delete(path);
  return answer;
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (!SAFE.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    const early = method === 'GET' ? takeEarly(path) : undefined;
    res = await (early ??
      fetch(`${API_BASE}${path}`, {
        method,
        headers,
        credentials: 'same-origin',
        body: body === undefined ? undefined : JSON.stringify(body),
      }));
  } catch {
    throw new ApiError('Cannot reach the Tocsin server. Check your connection.', 0, 'network');
  }
  if (!res.ok) throw await toError(res);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body: unknown = {}) => api<T>('POST', path, body);
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, body);
export const put = <T>(path: string, body: unknown) => api<T>('PUT', path, body);
export const del = <T = void>(path: string) => api<T>('DELETE', path);

/**
 * The shared part of a query about a list screen's rows at once (`?incident_ids=`, `?user_ids=`,
 * 100 at most): keyed by the ids, off while there are none, and the last answer shown while a
 * changed set loads, so rows do not flicker as the list grows.
 */
export function forIds<T>(key: readonly unknown[], path: string, param: string, ids: readonly string[]) {
  return {
    queryKey: [...key, ids.join(',')],
    queryFn: () => get<T>(`${path}?${param}=${ids.map(encodeURIComponent).join(',')}`),
    enabled: ids.length > 0,
    placeholderData: <D>(prev: D | undefined) => prev,
  };
}

/** Builds `?a=1&b=2` from the defined, non-empty values. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/**
 * `values`, checked at compile time to list every member of the union `T` (an enum the API
 * defines), so a value added to the API cannot be left out of the web app's pickers.
 */
export const everyOf =
  <T extends string>() =>
  <const L extends readonly T[]>(values: L & ([T] extends [L[number]] ? unknown : 'leaves out a value')): L =>
    values;

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
