import { describe, expect, it } from 'vitest';
import type { Assertion } from './model.js';
import { describeExpectedStatus, failedAssertion, jsonText, parseExpectedStatus, parseJsonPath, statusExpected } from './model.assertions.js';

describe('expected status', () => {
  it.each([
    [['200'], 200, true],
    [['200'], 201, false],
    [['200-299'], 204, true],
    [['200-299'], 300, false],
    [['200', '301'], 301, true],
    [['2xx'], 299, true],
    [['2XX'], 199, false],
    [[' 200 - 204 '], 204, true],
    [[], 200, true],
    [[], 302, false],
  ])('%j accepts %i: %s', (entries, status, ok) => {
    const parsed = parseExpectedStatus(entries);
    expect(parsed.ok && statusExpected(parsed.value, status)).toBe(ok);
  });

  it.each([['abc'], ['99'], ['600'], ['299-200'], ['200-'], ['']])('rejects %j with words', (entry) => {
    const parsed = parseExpectedStatus([entry]);
    expect(parsed).toEqual({ ok: false, message: expect.stringContaining('is not a status code') });
  });

  it('describes what was expected as written, or the default', () => {
    expect(describeExpectedStatus(['200', '301-302'])).toBe('200, 301-302');
    expect(describeExpectedStatus([])).toBe('200-299');
  });
});

describe('JSON path', () => {
  it.each([
    ['$.data.items[0].state', ['data', 'items', '0', 'state']],
    ['data.items.0.state', ['data', 'items', '0', 'state']],
    ['$["a.b"][2]', ['a.b', '2']],
    ["$['x']", ['x']],
    ['$', []],
  ])('%s → %j', (path, keys) => {
    expect(parseJsonPath(path)).toEqual({ ok: true, value: keys });
  });

  it.each([['a..b'], ['$.a['], ['a]']])('rejects %s', (path) => {
    expect(parseJsonPath(path).ok).toBe(false);
  });

  it('compares strings as they are and everything else as JSON', () => {
    expect([jsonText('ok'), jsonText(3), jsonText(true), jsonText(null), jsonText([1])]).toEqual(['ok', '3', 'true', 'null', '[1]']);
  });
});

describe('assertions on a body', () => {
  const json = JSON.stringify({ status: 'ok', data: { items: [{ state: 'up', n: 3 }], 'a.b': false } });
  const cases: [string, Assertion[], string, string | null][] = [
    ['contains: present', [{ kind: 'body_contains', value: 'hello' }], 'say hello', null],
    ['contains: absent', [{ kind: 'body_contains', value: 'hello' }], 'bye', 'body does not contain "hello"'],
    ['not contains: absent', [{ kind: 'body_not_contains', value: 'error' }], 'fine', null],
    ['not contains: present', [{ kind: 'body_not_contains', value: 'error' }], 'an error', 'body contains "error"'],
    ['equals holds', [{ kind: 'json_path', path: '$.data.items[0].state', equals: 'up' }], json, null],
    ['equals a number', [{ kind: 'json_path', path: 'data.items.0.n', equals: '3' }], json, null],
    ['quoted key', [{ kind: 'json_path', path: '$.data["a.b"]', equals: 'false' }], json, null],
    ['equals fails', [{ kind: 'json_path', path: '$.status', equals: 'down' }], json, '$.status is "ok", expected "down"'],
    ['matches holds', [{ kind: 'json_path', path: '$.status', matches: '^o' }], json, null],
    ['matches fails', [{ kind: 'json_path', path: '$.status', matches: '^up$' }], json, '$.status is "ok", does not match /^up$/'],
    ['bad pattern', [{ kind: 'json_path', path: '$.status', matches: '(' }], json, '$.status: /(/ is not a valid pattern'],
    ['a pattern that backtracks for ever is stopped', [{ kind: 'json_path', path: '$.word', matches: '^(a+)+$' }], JSON.stringify({ word: `${'a'.repeat(40)}!` }), `$.word: /^(a+)+$/ was stopped after 100 ms on "${'a'.repeat(40)}!"; rewrite it without nested repetition such as (a+)+`],
    ['exists only', [{ kind: 'json_path', path: '$.data.items' }], json, null],
    ['missing', [{ kind: 'json_path', path: '$.data.items[1].state', equals: 'up' }], json, '$.data.items[1].state not found in the body'],
    ['not JSON', [{ kind: 'json_path', path: '$.status', equals: 'ok' }], '<html>ok</html>', 'body is not JSON (json_path $.status)'],
    ['first failure wins', [{ kind: 'body_contains', value: 'ok' }, { kind: 'body_contains', value: 'zzz' }, { kind: 'body_contains', value: 'yyy' }], json, 'body does not contain "zzz"'],
  ];
  it.each(cases)('%s', (_name, assertions, body, expected) => {
    expect(failedAssertion(assertions, body)).toBe(expected);
  });

  it('shortens long values in its words', () => {
    const message = failedAssertion([{ kind: 'body_contains', value: 'x'.repeat(500) }], '');
    expect(message!.length).toBeLessThan(100);
  });
});
