import { describe, expect, it } from 'vitest';
import { keepsPrepared, openSqliteHandle } from './sqlite.js';

// A long statement with few parameters (the incidents domain's open-incident lookup is 1,169
// characters) is one text run again and again; a batch's text changes with its size.
const longLookup = `select * from (${Array.from({ length: 12 }, (_, i) => `select id, ${i} as part from t where status = ? and id in (select id from t where status <> 'closed')`).join(' union all ')})`;
const batch = (n: number) => `insert into t (id, status) values ${Array.from({ length: n }, () => '(?, ?)').join(', ')}`;

describe('the SQLite statement cache', () => {
  it('keeps short statements and long ones with few parameters, not batches', () => {
    expect(longLookup.length).toBeGreaterThan(1000);
    expect(keepsPrepared('select 1')).toBe(true);
    expect(keepsPrepared(longLookup)).toBe(true);
    expect(keepsPrepared(batch(10))).toBe(true); // short: 80 characters of values
    expect(batch(200).length).toBeGreaterThan(1000);
    expect(keepsPrepared(batch(200))).toBe(false);
  });

  it('prepares a kept statement once, and a batch every time', () => {
    const db = openSqliteHandle(':memory:');
    try {
      db.exec('create table t (id integer primary key, status text)');
      expect(db.prepare(longLookup)).toBe(db.prepare(longLookup));
      expect(db.prepare(batch(200))).not.toBe(db.prepare(batch(200)));
      // A kept statement still answers: twelve parts, one row each for the one open row.
      db.prepare('insert into t (id, status) values (?, ?)').run([1, 'open']);
      expect(db.prepare(longLookup).all(Array.from({ length: 12 }, () => 'open'))).toHaveLength(12);
    } finally {
      db.close();
    }
  });
});
