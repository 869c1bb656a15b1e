import { describe, expect, it } from 'vitest';
import { EMPTY_FORM, fromMonitor, isAdvanced, toCreateBody, toPatchBody, withScheme } from './formModel';
import type { Monitor } from './types';

describe('the monitor form', () => {
  it('makes the smallest HTTP monitor from a pasted URL, leaving defaults to the server', () => {
    const body = toCreateBody({ ...EMPTY_FORM, url: '  http://127.0.0.1:8080/health ' });
    expect(body).toMatchObject({ type: 'http', interval_s: 60, target: { url: 'http://127.0.0.1:8080/health', method: 'GET', expected_status: ['200-299'] } });
    expect(body).not.toHaveProperty('name');
    expect(body).not.toHaveProperty('timeout_ms');
    expect(body.target).not.toHaveProperty('cert_expiry_days');
  });
  it('reads a URL typed without its scheme as https', () => {
    expect(withScheme('example.com/health')).toBe('https://example.com/health');
    expect(withScheme('HTTP://example.com')).toBe('HTTP://example.com');
    expect(withScheme('')).toBe('');
  });
  it("sends only the type's own target fields", () => {
    expect(toCreateBody({ ...EMPTY_FORM, type: 'tcp', host: ' db ', port: 5432, url: 'ignored' }).target).toEqual({ host: 'db', port: 5432 });
    expect(toCreateBody({ ...EMPTY_FORM, type: 'dns', dnsName: 'example.com', expected: '1.2.3.4, 5.6.7.8' }).target).toEqual({ name: 'example.com', record_type: 'A', resolver: null, expected: ['1.2.3.4', '5.6.7.8'] });
    const hb = toCreateBody({ ...EMPTY_FORM, type: 'heartbeat', periodS: 86_400, graceS: 600 });
    expect(hb.target).toEqual({ period_s: 86_400, grace_s: 600 });
    expect(hb).not.toHaveProperty('interval_s');
  });
  it('turns headers and assertions rows into the API shape', () => {
    const body = toCreateBody({
      ...EMPTY_FORM,
      url: 'https://x.test',
      headers: [{ name: 'Authorization', value: 'Bearer t' }, { name: ' ', value: 'dropped' }],
      assertions: [
        { kind: 'body_contains', value: 'ok', path: '', equals: '' },
        { kind: 'json_path', value: '', path: ' $.status ', equals: 'green' },
      ],
    });
    expect(body.target?.headers).toEqual({ Authorization: 'Bearer t' });
    expect(body.target?.assertions).toEqual([{ kind: 'body_contains', value: 'ok' }, { kind: 'json_path', path: '$.status', equals: 'green' }]);
  });
  it('round-trips a monitor into the form and back', () => {
    const m = {
      id: 'mon_1',
      name: 'API',
      type: 'http',
      target: { url: 'https://api.test/', method: 'POST', expected_status: ['200', '204'], follow_redirects: false, headers: { 'X-A': '1' }, assertions: [], degraded_after_ms: 800, cert_expiry_days: 14 },
      interval_s: 30,
      timeout_ms: 5000,
      confirmation: { failures_to_down: 3, locations_to_alert: null, flap_changes: 4, flap_window_s: 600, recheck_s: 20 },
      locations: ['eu'],
      service_id: 'svc_1',
      severity: 'SEV-1',
    } as unknown as Monitor;
    const patch = toPatchBody(fromMonitor(m));
    expect(patch).toEqual({
      name: 'API',
      target: { url: 'https://api.test/', method: 'POST', expected_status: ['200', '204'], follow_redirects: false, headers: { 'X-A': '1' }, assertions: [], degraded_after_ms: 800, cert_expiry_days: 14 },
      interval_s: 30,
      timeout_ms: 5000,
      confirmation: { failures_to_down: 3, locations_to_alert: null, recheck_s: 20 },
      locations: ['eu'],
      service_id: 'svc_1',
      severity: 'SEV-1',
    });
  });
  it('knows which refused fields sit under "More options"', () => {
    expect(isAdvanced('target.assertions[0]')).toBe(true);
    expect(isAdvanced('confirmation.failures_to_down')).toBe(true);
    expect(isAdvanced('confirmation.recheck_s')).toBe(true);
    expect(isAdvanced('interval_s')).toBe(true);
    expect(isAdvanced('target.url')).toBe(false);
  });
});
