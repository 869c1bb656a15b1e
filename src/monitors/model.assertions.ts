// Pure rules an HTTP check applies to what came back: expected status codes and body / JSON
// assertions. No I/O; the checker hands in the status and the body text.
import type { Assertion } from './model.js';
import { PATTERN_BUDGET_MS, matchWithin } from './pattern.js';

export interface StatusRange {
  from: number;
  to: number;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** What an empty expected_status means: any success. */
export const DEFAULT_EXPECTED_STATUS: readonly string[] = ['200-299'];

const SINGLE = /^([1-5]\d\d)$/;
const RANGE = /^([1-5]\d\d)\s*-\s*([1-5]\d\d)$/;
const CLASS = /^([1-5])xx$/i;

/** Parses entries like "200", "200-299" or "2xx" into ranges; the first bad entry is the error. */
export function parseExpectedStatus(entries: readonly string[]): Parsed<StatusRange[]> {
  const ranges: StatusRange[] = [];
  for (const raw of entries.length > 0 ? entries : DEFAULT_EXPECTED_STATUS) {
    const entry = raw.trim();
    const single = SINGLE.exec(entry);
    const range = RANGE.exec(entry);
    const cls = CLASS.exec(entry);
    if (single) ranges.push({ from: Number(single[1]), to: Number(single[1]) });
    else if (cls) ranges.push({ from: Number(cls[1]) * 100, to: Number(cls[1]) * 100 + 99 });
    else if (range && Number(range[1]) <= Number(range[2])) ranges.push({ from: Number(range[1]), to: Number(range[2]) });
    else return { ok: false, message: `"${raw}" is not a status code or range (like 200 or 200-299)` };
  }
  return { ok: true, value: ranges };
}

export function statusExpected(ranges: readonly StatusRange[], status: number): boolean {
  return ranges.some((r) => status >= r.from && status <= r.to);
}

/** The expected codes as people wrote them, for "expected 200-299, got 503". */
export function describeExpectedStatus(entries: readonly string[]): string {
  return (entries.length > 0 ? entries : DEFAULT_EXPECTED_STATUS).map((e) => e.trim()).join(', ');
}

/** Only assertions make a check read the body; without them the body is discarded unread. */
export function needsBody(assertions: readonly Assertion[]): boolean {
  return assertions.length > 0;
}

/**
 * Splits `$.data.items[0].state`, `data.items.0.state` or `$["a.b"][2]` into keys.
 * Numeric keys index arrays; on objects they are plain keys.
 */
export function parseJsonPath(path: string): Parsed<string[]> {
  let rest = path.trim().replace(/^\$/, '');
  const keys: string[] = [];
  while (rest.length > 0) {
    const m = /^\.?([^.[\]]+)|^\[(\d+)\]|^\[(["'])(.*?)\3\]/.exec(rest);
    if (!m) return { ok: false, message: `bad JSON path ${path}` };
    keys.push(m[1] ?? m[2] ?? m[4] ?? '');
    rest = rest.slice(m[0].length);
  }
  return { ok: true, value: keys };
}

const MISSING = Symbol('missing');

function walk(value: unknown, keys: readonly string[]): unknown {
  let at: unknown = value;
  for (const key of keys) {
    if (Array.isArray(at) && /^\d+$/.test(key) && Number(key) < at.length) at = at[Number(key)];
    else if (at !== null && typeof at === 'object' && !Array.isArray(at) && Object.hasOwn(at, key)) at = (at as Record<string, unknown>)[key];
    else return MISSING;
  }
  return at;
}

/** A JSON value as the text an `equals` compares with: strings as they are, the rest as JSON. */
export function jsonText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const quote = (s: string, max = 60) => JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s);

function checkJsonPath(a: Extract<Assertion, { kind: 'json_path' }>, json: unknown): string | null {
  const keys = parseJsonPath(a.path);
  if (!keys.ok) return keys.message;
  const found = walk(json, keys.value);
  if (found === MISSING) return `${a.path} not found in the body`;
  const text = jsonText(found);
  if (a.equals !== undefined && text !== a.equals) return `${a.path} is ${quote(text)}, expected ${quote(a.equals)}`;
  if (a.matches !== undefined) {
    try {
      new RegExp(a.matches);
    } catch {
      return `${a.path}: /${a.matches}/ is not a valid pattern`;
    }
    const matched = matchWithin(a.matches, text);
    if (matched === 'too_slow') return `${a.path}: /${a.matches}/ was stopped after ${PATTERN_BUDGET_MS} ms on ${quote(text)}; rewrite it without nested repetition such as (a+)+`;
    if (!matched) return `${a.path} is ${quote(text)}, does not match /${a.matches}/`;
  }
  return null;
}

function parseJson(body: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch {
    return { ok: false };
  }
}

/** The first assertion the body fails, in words, or null when all hold. */
export function failedAssertion(assertions: readonly Assertion[], body: string): string | null {
  let json: { ok: true; value: unknown } | { ok: false } | undefined; // parsed once, only if asked
  for (const a of assertions) {
    if (a.kind === 'body_contains' && !body.includes(a.value)) return `body does not contain ${quote(a.value)}`;
    if (a.kind === 'body_not_contains' && body.includes(a.value)) return `body contains ${quote(a.value)}`;
    if (a.kind === 'json_path') {
      json ??= parseJson(body);
      if (!json.ok) return `body is not JSON (json_path ${a.path})`;
      const problem = checkJsonPath(a, json.value);
      if (problem) return problem;
    }
  }
  return null;
}
