import type { Command } from 'commander';
import { CliError, EXIT_USAGE, reasonOf } from './common.js';
import { httpCall, type HttpAnswer } from './http-call.js';

export const DEFAULT_URL = 'http://localhost:8080';
const TIMEOUT_MS = 30_000;

export interface ApiOptions {
  url?: string;
  token?: string;
}

/** `--url` and `--token`, which override TOCSIN_URL and TOCSIN_TOKEN. */
export const withApi = (cmd: Command): Command =>
  cmd
    .option('--url <url>', `Tocsin's address (default: $TOCSIN_URL or ${DEFAULT_URL})`)
    .option('--token <token>', 'API token (default: $TOCSIN_TOKEN)');

export type Query = Record<string, string | number | boolean | undefined>;

export interface Api {
  base: string;
  get<T = unknown>(path: string, query?: Query): Promise<T>;
  post<T = unknown>(path: string, body?: unknown): Promise<T>;
  patch<T = unknown>(path: string, body: unknown): Promise<T>;
  put<T = unknown>(path: string, body: unknown): Promise<T>;
  /** Answers null for a 204. */
  delete<T = unknown>(path: string): Promise<T>;
}

/** An API refusal, as one line (the message) plus what a command may turn into its own words. */
export class ApiProblem extends CliError {
  constructor(
    message: string,
    readonly status: number,
    /** The problem's `field` (e.g. `interval_s`, `target.url`), when it named one. */
    readonly field: string | undefined,
    readonly detail: string,
  ) {
    super(message);
  }
}

function resolveBase(opts: ApiOptions, env: NodeJS.ProcessEnv): string {
  const fromFlag = opts.url !== undefined;
  const raw = (opts.url ?? env.TOCSIN_URL ?? '').trim() || DEFAULT_URL;
  const name = fromFlag ? '--url' : 'TOCSIN_URL';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CliError(`${name} must be an absolute http(s) URL, got "${raw}"`, EXIT_USAGE);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError(`${name} must be an http:// or https:// URL, got "${raw}"`, EXIT_USAGE);
  }
  return raw.replace(/\/+$/, '');
}

/** The problem+json body as one line: the detail, plus the field when the detail does not name it. */
function problemMessage(status: number, statusText: string, body: unknown): string {
  const p = (body ?? {}) as { detail?: unknown; title?: unknown; field?: unknown };
  const detail = typeof p.detail === 'string' && p.detail ? p.detail : typeof p.title === 'string' ? p.title : '';
  if (!detail) return `the server answered ${status} ${statusText}`.trim();
  const field = typeof p.field === 'string' ? p.field : '';
  const hint = status === 401 ? ' (check TOCSIN_TOKEN or --token)' : '';
  return field && !detail.includes(field) ? `${detail} (field: ${field})${hint}` : `${detail}${hint}`;
}

const NOT_JSON = Symbol('not json');

function readBody({ text }: HttpAnswer): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return NOT_JSON;
  }
}

/** A tiny client for /api/v1: Bearer token, JSON in and out, problem+json turned into one-line errors. */
export function apiClient(opts: ApiOptions, env: NodeJS.ProcessEnv = process.env): Api {
  const base = resolveBase(opts, env);
  const token = (opts.token ?? env.TOCSIN_TOKEN ?? '').trim();
  if (!token) {
    throw new CliError('no API token: set TOCSIN_TOKEN or pass --token (make one with `tocsin token create`)', EXIT_USAGE);
  }

  async function request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
    const url = new URL(`${base}/api/v1${path}`);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      accept: 'application/json, application/problem+json',
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: HttpAnswer;
    try {
      res = await httpCall(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), timeoutMs: TIMEOUT_MS });
    } catch (err) {
      throw new CliError(`cannot reach Tocsin at ${base}: ${reasonOf(err)}`);
    }
    if (res.status >= 300 && res.status < 400 && res.location) {
      const to = new URL(res.location, url).href.replace(/\/api\/v1\/.*$/, '');
      throw new CliError(`${base} answered ${res.status}, sending requests to ${to}: set ${opts.url !== undefined ? '--url' : 'TOCSIN_URL'} to that address`, EXIT_USAGE);
    }
    const data = readBody(res);
    if (!res.ok) {
      const p = (data === NOT_JSON || data === null ? {} : data) as { field?: unknown; detail?: unknown };
      const field = typeof p.field === 'string' ? p.field : undefined;
      const detail = typeof p.detail === 'string' ? p.detail : '';
      throw new ApiProblem(problemMessage(res.status, res.statusText, data === NOT_JSON ? null : data), res.status, field, detail);
    }
    if (data === NOT_JSON) throw new CliError(`${base} did not answer with JSON; is it a Tocsin server?`);
    return data as T;
  }

  return {
    base,
    get: (path, query) => request('GET', path, undefined, query),
    post: (path, body) => request('POST', path, body ?? {}),
    patch: (path, body) => request('PATCH', path, body),
    put: (path, body) => request('PUT', path, body),
    delete: (path) => request('DELETE', path),
  };
}
