import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assignedTo, decodeResult, encodeResult, FAILURE_KINDS, locationsOf } from './model.js';
import { checkConfirmation, checkInterval, checkSpec, checkTimeout, defaultName } from './model.spec.js';

describe('dividing monitors among instances', () => {
  it('gives every monitor to exactly one live instance, the same on every instance', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 6 }), fc.string(), (owners, id) => {
        const owner = assignedTo(id, owners);
        expect(owners).toContain(owner);
        expect(assignedTo(id, [...owners].reverse())).toBe(owner);
      }),
    );
  });

  it('moves only the dead instance’s monitors when one goes, and spreads them about evenly', () => {
    const ids = Array.from({ length: 3000 }, (_, i) => `mon_${i}`);
    const before = new Map(ids.map((id) => [id, assignedTo(id, ['a', 'b', 'c'])]));
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (const o of before.values()) counts[o!] = (counts[o!] ?? 0) + 1;
    for (const n of Object.values(counts)) expect(n).toBeGreaterThan(800);
    for (const id of ids) {
      const after = assignedTo(id, ['a', 'c']);
      if (before.get(id) !== 'b') expect(after).toBe(before.get(id));
    }
    expect(assignedTo('mon_1', [])).toBeNull();
  });
});

describe('result codes', () => {
  it('round-trips every status and failure kind through one small integer', () => {
    for (const status of ['up', 'degraded', 'down'] as const) {
      for (const failure of [null, ...FAILURE_KINDS]) {
        const code = encodeResult(status, failure);
        expect(code).toBeLessThan(128);
        expect(decodeResult(code)).toEqual({ status, failure });
      }
    }
  });
});

describe('what a person typed becomes a spec, or words beside the field', () => {
  it('fills an HTTP monitor with sensible defaults', () => {
    const r = checkSpec('http', { url: ' https://shop.example.com/health ' });
    expect(r).toEqual({
      ok: true,
      value: { type: 'http', url: 'https://shop.example.com/health', method: 'GET', headers: {}, body: null, follow_redirects: true, expected_status: ['200-299'], assertions: [], degraded_after_ms: null, cert_expiry_days: 14 },
    });
    if (r.ok) expect(defaultName(r.value)).toBe('shop.example.com/health');
  });

  it.each([
    ['http', {}, 'target.url'],
    ['http', { url: 'shop.example.com' }, 'target.url'],
    ['http', { url: 'https://u:p@x.example' }, 'target.url'],
    ['http', { url: 'https://x.example', method: 'FETCH' }, 'target.method'],
    ['http', { url: 'https://x.example', expected_status: ['299-200'] }, 'target.expected_status'],
    ['http', { url: 'https://x.example', expected_status: [] }, 'target.expected_status'],
    ['http', { url: 'https://x.example', headers: { 'bad header': 'x' } }, 'target.headers'],
    ['http', { url: 'https://x.example', assertions: [{ kind: 'body_contains' }] }, 'target.assertions[0]'],
    ['tcp', { host: '', port: 22 }, 'target.host'],
    ['tcp', { host: 'db', port: 0 }, 'target.port'],
    ['dns', { name: 'bad name' }, 'target.name'],
    ['dns', { name: 'example.com', resolver: 'dns.google' }, 'target.resolver'],
    ['heartbeat', { period_s: 5 }, 'target.period_s'],
    ['heartbeat', { period_s: 60, grace_s: -1 }, 'target.grace_s'],
  ] as const)('%s %j is refused at %s', (type, target, field) => {
    const r = checkSpec(type, target as never);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.field).toBe(field);
      expect(r.message.length).toBeGreaterThan(10);
    }
  });

  it('bounds intervals, timeouts and confirmation', () => {
    expect(checkInterval(9).ok).toBe(false);
    expect(checkInterval(10)).toEqual({ ok: true, value: 10 });
    expect(checkTimeout(10_000, 10).ok).toBe(false);
    expect(checkTimeout(9_999, 10)).toEqual({ ok: true, value: 9_999 });
    expect(checkConfirmation({ failures_to_down: 0 }, 1)).toMatchObject({ ok: false, field: 'confirmation.failures_to_down' });
    expect(checkConfirmation({ locations_to_alert: 3 }, 2)).toMatchObject({ ok: false, field: 'confirmation.locations_to_alert' });
    expect(checkConfirmation(undefined, 3)).toMatchObject({ ok: true, value: { failures_to_down: 2, locations_to_alert: null } });
  });

  it('checks from the locations named, or from all of them', () => {
    expect(locationsOf([], ['server', 'eu'])).toEqual(['server', 'eu']);
    expect(locationsOf(['eu'], ['server', 'eu'])).toEqual(['eu']);
  });
});
