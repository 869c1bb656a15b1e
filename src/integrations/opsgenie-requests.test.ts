import { describe, expect, it } from 'vitest';
import { readRequestId, requestIdOf, requestStatus } from './opsgenie-requests.js';

describe('Opsgenie request ids', () => {
  it('carry the outcome of a request there and back', () => {
    const r = { action: 'create' as const, at: Date.UTC(2026, 11, 2, 6, 30), outcome: 'created' as const, alertId: 'alt_1m8tk56f5gwxznw76sepz' };
    expect(readRequestId(requestIdOf(r))).toEqual(r);
    const none = { action: 'close' as const, at: 1, outcome: 'missing' as const, alertId: null };
    expect(readRequestId(requestIdOf(none))).toEqual(none);
    expect(requestStatus(none, 'ikey_1', null)).toMatchObject({ success: false, isSuccess: false, action: 'Close', status: 'Alert does not exist', alertId: '', alias: '', processedAt: '1970-01-01T00:00:00.001Z' });
  });

  it('are refused when made up: another version, action, outcome, time or alert id', () => {
    for (const id of ['', 'r1', '0b5e4c1a-2f3d-4e5f-8a9b-0c1d2e3f4a5b', 'r2.create.1.created.alt_x', 'r1.delete.1.created.alt_x', 'r1.create.1.sent.alt_x', 'r1.create.-1.created.alt_x', 'r1.create.1.created.alt x', 'r1.create.1.created.alt_x.extra', 'r1.create.1.toString.alt_x', 'r1.__proto__.1.created.alt_x']) {
      expect(readRequestId(id), id).toBeNull();
    }
  });
});
