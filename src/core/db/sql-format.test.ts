import { describe, expect, it } from 'vitest';
import { formatSql, literal } from './sql-format.js';

const oneLine = (text: string) => text.split('\n').map((l) => l.trim()).join(' ');

describe('formatSql', () => {
  it('puts each clause on its own line and each top-level condition too', () => {
    const q = 'select "a" from "t" as "x" inner join "u" on "u"."id" = "x"."u" where "a" = ? and ("b" = ? or "c" is null) order by "a" limit ?';
    expect(formatSql(q)).toBe(
      [
        'select "a"',
        'from "t" as "x"',
        'inner join "u" on "u"."id" = "x"."u"',
        'where "a" = ?',
        '  and ("b" = ? or "c" is null)',
        'order by "a"',
        'limit ?',
      ].join('\n'),
    );
  });

  it('indents a long subquery, keeps a short one inline, and breaks after a with list', () => {
    const q =
      'with "p" as (select "id" from "jobs" where "status" = $1 order by "due_at" limit $2) update "jobs" set "x" = $3 where "id" in (select "p"."id" from "p")';
    expect(formatSql(q)).toBe(
      [
        'with "p" as (select "id"',
        '  from "jobs"',
        '  where "status" = $1',
        '  order by "due_at"',
        '  limit $2)',
        'update "jobs"',
        'set "x" = $3',
        'where "id" in (select "p"."id" from "p")',
      ].join('\n'),
    );
  });

  it('leaves quoted text alone and never changes a token', () => {
    const q = `select "from", 'a where b' from "t" where "x" like ? escape '\\' and "y" = 'it''s'`;
    expect(formatSql(q)).toContain(`select "from", 'a where b'\nfrom "t"`);
    expect(oneLine(formatSql(q))).toBe(q);
  });

  it('keeps statement words inside names whole', () => {
    expect(formatSql('delete from "settings" where "offset_from" = ?')).toBe('delete from "settings"\nwhere "offset_from" = ?');
  });
});

describe('literal', () => {
  it('writes values as TypeScript source would', () => {
    expect(literal(['it\'s', 1, null, true, { a: 1, 'b-c': undefined }])).toBe("['it\\'s', 1, null, true, { a: 1, 'b-c': undefined }]");
  });

  it('shortens long arrays and objects when asked', () => {
    expect(literal({ a: 1, b: 2, c: [1, 2, 3, 4], d: 4 }, 3)).toBe('{ a: 1, b: 2, c: [1, 2, 3, …], … }');
  });
});
