/**
 * HTTP monitors for bench:monitors, written with the monitors store in one transaction (20,000
 * through POST /api/v1/monitors would take minutes). Each monitor checks the same nginx file
 * with its own query string (`?m=<seq>`), so a check's start can be told apart per monitor.
 */
import type { Database } from '../../src/core/db/index.js';
import { newId } from '../../src/core/ids.js';
import { DEFAULT_CONFIRMATION, type HttpSpec } from '../../src/monitors/model.js';
import * as store from '../../src/monitors/store.js';

export const monitorUrl = (fileUrl: string, seq: number): string => `${fileUrl}?m=${seq}`;

export async function seedMonitors(db: Database, opts: { count: number; fileUrl: string; intervalS: number; now: number }): Promise<void> {
  const flap = JSON.stringify({ changes: [], flapping: false });
  const confirmation = JSON.stringify(DEFAULT_CONFIRMATION);
  await db.tx(async (tx) => {
    for (let seq = 1; seq <= opts.count; seq++) {
      const spec: HttpSpec = { type: 'http', url: monitorUrl(opts.fileUrl, seq), method: 'GET', headers: {}, body: null, follow_redirects: true, expected_status: ['200-299'], assertions: [], degraded_after_ms: null, cert_expiry_days: null };
      await store.insertMonitor(tx, {
        id: newId('mon'),
        seq,
        name: `Bench monitor ${String(seq).padStart(5, '0')}`,
        type: 'http',
        spec: JSON.stringify(spec),
        interval_s: opts.intervalS,
        timeout_ms: Math.min(10_000, opts.intervalS * 500),
        confirmation,
        locations: '[]',
        service_id: null,
        severity: 'SEV-2',
        auto_resolve: 1,
        paused: 0,
        heartbeat_uuid: null,
        state: 'unknown',
        state_changed_at: null,
        flap,
        alert_id: null,
        created_at: opts.now,
        updated_at: opts.now,
      });
    }
    await tx.updateTable('counters').set({ value: opts.count }).where('name', '=', 'monitor_seq').execute();
  });
}
