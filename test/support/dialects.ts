// Which databases the integration tests run on. No imports: vitest.config.ts reads it too.

export type DialectName = 'sqlite' | 'postgres';
export const ALL_DIALECTS: readonly DialectName[] = ['sqlite', 'postgres'];

/**
 * `TOCSIN_TEST_DIALECTS` (default both), a comma list. A name that is not a database throws,
 * so a typo (`sqllite,postgres`) fails the run instead of quietly dropping a database.
 */
export function parseDialects(raw: string | undefined): DialectName[] {
  if (raw === undefined || raw.trim() === '') return [...ALL_DIALECTS];
  const names = raw.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const unknown = names.filter((n) => !(ALL_DIALECTS as readonly string[]).includes(n));
  if (unknown.length || !names.length) {
    throw new Error(`TOCSIN_TEST_DIALECTS="${raw}": unknown database ${unknown.map((u) => `"${u}"`).join(', ') || '(none given)'}; use sqlite, postgres or sqlite,postgres`);
  }
  return ALL_DIALECTS.filter((d) => names.includes(d));
}
