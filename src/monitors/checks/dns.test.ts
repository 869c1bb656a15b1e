import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsTarget, type DnsTarget } from '../../../test/support/targets.js';
import type { DnsSpec } from '../model.js';
import { normalize } from './dns.js';
import { runCheck } from './index.js';

let server: DnsTarget;
let silent: DnsTarget;

beforeAll(async () => {
  server = await startDnsTarget({
    'status.example.test': {
      A: ['192.0.2.10', '192.0.2.11'],
      AAAA: ['2001:db8::1'],
      MX: [{ priority: 10, exchange: 'Mail.Example.Test' }],
      TXT: [['v=spf1 ', 'include:mail.example.test ~all'], ['verify=abc']],
    },
    'empty.example.test': {},
  });
  silent = await startDnsTarget({}, { silent: true });
});
afterAll(() => Promise.all([server.close(), silent.close()]));

const opts = { timeoutMs: 2000, now: () => Date.now() };
function spec(more: Partial<DnsSpec>): DnsSpec {
  return { type: 'dns', name: 'status.example.test', record_type: 'A', resolver: server.resolver, expected: [], ...more };
}

describe('DNS check', () => {
  it('is up when the name resolves, and asks the given resolver', async () => {
    const before = server.queries();
    expect(await runCheck(spec({}), opts)).toEqual({ status: 'up', latency_ms: expect.any(Number), failure: null, message: null });
    expect(server.queries()).toBe(before + 1);
  });

  it('is up when every expected value is in the answer, compared without case', async () => {
    expect(await runCheck(spec({ expected: ['192.0.2.11'] }), opts)).toMatchObject({ status: 'up' });
    expect(await runCheck(spec({ record_type: 'AAAA', expected: ['2001:DB8:0::1'] }), opts)).toMatchObject({ status: 'up' });
    expect(await runCheck(spec({ record_type: 'MX', expected: ['mail.example.test.'] }), opts)).toMatchObject({ status: 'up' });
    expect(await runCheck(spec({ record_type: 'TXT', expected: ['v=spf1 include:mail.example.test ~all', 'verify=abc'] }), opts)).toMatchObject({ status: 'up' });
  });

  it('is down when an expected value is missing, listing what came back', async () => {
    expect(await runCheck(spec({ expected: ['192.0.2.10', '198.51.100.7'] }), opts)).toMatchObject({
      status: 'down',
      failure: 'dns',
      message: 'expected 198.51.100.7, got 192.0.2.10, 192.0.2.11',
    });
  });

  it('is down for a name that does not exist (NXDOMAIN) or has no such records', async () => {
    expect(await runCheck(spec({ name: 'gone.example.test' }), opts)).toMatchObject({ status: 'down', failure: 'dns', message: 'gone.example.test not found (NXDOMAIN)' });
    expect(await runCheck(spec({ name: 'empty.example.test' }), opts)).toMatchObject({ status: 'down', failure: 'dns', message: 'no A records for empty.example.test' });
  });

  it('times out on a resolver that never answers, on time', async () => {
    const started = performance.now();
    const outcome = await runCheck(spec({ resolver: silent.resolver }), { ...opts, timeoutMs: 300 });
    expect(outcome).toMatchObject({ status: 'down', failure: 'timeout', message: 'no answer within 300 ms' });
    expect(performance.now() - started).toBeLessThan(500);
    expect(silent.queries()).toBeGreaterThan(0);
  });

  it('refuses a resolver that is not an address', async () => {
    expect(await runCheck(spec({ resolver: 'dns.example.test' }), opts)).toMatchObject({ status: 'down', failure: 'error' });
  });

  it('compares names and addresses in one form', () => {
    expect([normalize('Mail.Example.Test.'), normalize('2001:0DB8:0:0::1'), normalize('.'), normalize('192.0.2.1')]).toEqual(['mail.example.test', '2001:db8::1', '.', '192.0.2.1']);
  });
});
