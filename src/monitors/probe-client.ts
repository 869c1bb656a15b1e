import type { LocationState } from './model.confirmation.js';
// How a probe talks to its server: the two /probe/v1 calls, each answer sorted into what the
// probe does next (carry on, buffer and retry, stop, or set the results aside).
import { httpCall, HttpTimeout, type HttpAnswer } from '../cli/http-call.js';
import type { ProbeResult } from './probe-buffer.js';

export interface Assignment {
  id: string;
  interval_s: number;
  timeout_ms: number;
  /** The monitor's updated_at: a changed monitor is rescheduled, an unchanged one left alone. */
  version: number;
  spec: { type: string } & Record<string, unknown>;
  /** K and the confirming re-check (absent from servers before 2026-12: slots only). */
  confirmation?: { failures_to_down: number; recheck_s: number };
  /** This location's last checks awaiting confirmation, as the server stored them (absent: none). */
  confirming?: LocationState;
}

export interface Assignments {
  location: string;
  monitors: Assignment[];
}

export type Answer<T> =
  | { kind: 'ok'; value: T }
  /** 401: the token is not (or no longer) a probe's. */
  | { kind: 'refused' }
  /** Unreachable, no answer in time, or 5xx: try again later. */
  | { kind: 'unavailable'; reason: string }
  /** Another 4xx: sending the same again would fail the same way. */
  | { kind: 'rejected'; status: number; detail: string };

const TIMEOUT_MS = 15_000;

export interface ProbeClient {
  assignments(): Promise<Answer<Assignments>>;
  deliver(results: readonly ProbeResult[]): Promise<Answer<{ received: number; stored: number; ignored: number }>>;
}

export function probeClient(server: string, token: string): ProbeClient {
  const base = server.replace(/\/+$/, '');
  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer<T>> {
    let res: HttpAnswer;
    try {
      res = await httpCall(new URL(`${base}/probe/v1${path}`), {
        method,
        headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        timeoutMs: TIMEOUT_MS,
      });
    } catch (err) {
      const reason = err instanceof HttpTimeout ? err.message : ((err as { code?: string }).code ?? String((err as Error).message ?? err));
      return { kind: 'unavailable', reason };
    }
    const text = res.text;
    if (res.status === 401) return { kind: 'refused' };
    if (res.status >= 500 || res.status === 429 || res.status === 408) return { kind: 'unavailable', reason: `the server answered ${res.status}` };
    if (!res.ok) {
      const detail = (() => {
        try {
          return String((JSON.parse(text) as { detail?: unknown }).detail ?? text);
        } catch {
          return text;
        }
      })();
      return { kind: 'rejected', status: res.status, detail: detail.slice(0, 300) };
    }
    try {
      return { kind: 'ok', value: JSON.parse(text) as T };
    } catch {
      return { kind: 'unavailable', reason: `${base} did not answer with JSON; is it a Tocsin server?` };
    }
  }
  return {
    assignments: () => call<Assignments>('GET', '/assignments'),
    deliver: (results) => call('POST', '/results', { results }),
  };
}
