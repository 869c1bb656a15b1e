import type { Gauge } from 'prom-client';

/**
 * Fills a gauge read from the database at scrape time. When the database does not answer, the
 * gauge drops its figures rather than repeat stale ones (tocsin_database_up says why).
 */
export async function fillGauge(g: Gauge, read: () => Promise<void>): Promise<void> {
  try {
    await read();
  } catch {
    g.reset();
  }
}
