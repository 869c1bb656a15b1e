// Light formatting for the SQL snapshots (sql-snapshots.ts): Kysely compiles a statement to one
// line; reviewers read it better with each clause on its own line. No parsing beyond quotes and
// parentheses, so it works for both dialects and for raw `sql` fragments, and never changes a
// token: joining the lines back with spaces gives the compiled text again.

/** Clauses that start a new line, longest first so `order by` wins over a shorter match. */
const CLAUSES = [
  'delete from', 'do update set', 'inner join', 'left join', 'right join', 'full join', 'cross join', 'on conflict', 'for update',
  'order by', 'group by', 'returning', 'union all', 'union', 'values', 'having', 'offset', 'where',
  'limit', 'from', 'set',
];
/** Statements that follow a `with` list start a line too (only right after its `)`). */
const STARTERS = ['insert into', 'delete from', 'select', 'update'];
/** Clauses whose top-level `and`s each start a line too. */
const CONDITIONS = new Set(['where', 'having']);
/** A parenthesised group shorter than this stays on one line. */
const SHORT_GROUP = 60;

interface Level {
  indent: number;
  clause: string;
  inline: boolean;
}

/** Where each `(` closes (outside quotes), to measure a group before breaking inside it. */
function closingParens(text: string): Map<number, number> {
  const out = new Map<number, number>();
  const open: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"') i = text.indexOf(c, i + 1) === -1 ? text.length : text.indexOf(c, i + 1);
    else if (c === '(') open.push(i);
    else if (c === ')' && open.length) out.set(open.pop()!, i);
  }
  return out;
}

const isWordChar = (c: string | undefined) => c !== undefined && /[\w$]/.test(c);

function keywordAt(text: string, i: number): string | undefined {
  if (isWordChar(text[i - 1])) return undefined;
  const rest = text.slice(i, i + 16).toLowerCase();
  const matches = (k: string) => rest.startsWith(k) && !isWordChar(text[i + k.length]);
  if (text.slice(0, i).trimEnd().endsWith(')')) {
    const starter = STARTERS.find(matches);
    if (starter) return starter;
  }
  return [...CLAUSES, 'and'].find(matches);
}

/** The statement with a line break before each clause, subqueries indented, short groups kept. */
export function formatSql(text: string): string {
  const closes = closingParens(text);
  const stack: Level[] = [{ indent: 0, clause: '', inline: false }];
  let line = '';
  let lineIndent = 0;
  const lines: string[] = [];
  const breakLine = (indent: number) => {
    if (line.trim()) lines.push(' '.repeat(lineIndent) + line.trim());
    line = '';
    lineIndent = indent;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const top = stack[stack.length - 1]!;
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      const stop = end === -1 ? text.length : end + 1;
      line += text.slice(i, stop);
      i = stop - 1;
      continue;
    }
    if (c === '(') {
      const close = closes.get(i) ?? text.length;
      stack.push({ indent: lineIndent + 2, clause: '', inline: top.inline || close - i < SHORT_GROUP });
    } else if (c === ')' && stack.length > 1) {
      stack.pop();
    }
    const keyword = top.inline || c === '(' || c === ')' ? undefined : keywordAt(text, i);
    if (keyword === 'and') {
      if (CONDITIONS.has(top.clause)) breakLine(top.indent + 2);
    } else if (keyword !== undefined) {
      if (line.trim()) breakLine(top.indent);
      top.clause = keyword;
    }
    if (keyword !== undefined) {
      line += text.slice(i, i + keyword.length);
      i += keyword.length - 1;
    } else {
      line += c;
    }
  }
  breakLine(0);
  return lines.join('\n');
}

/** A value written the way TypeScript source would: 'text', 42, null, ['a', 'b'], { id: 'x' }. */
export function literal(value: unknown, maxItems = Infinity): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null || typeof value !== 'object') return String(value);
  const more = (n: number) => (n > maxItems ? ', …' : '');
  if (Array.isArray(value)) {
    return `[${value.slice(0, maxItems).map((v) => literal(v, maxItems)).join(', ')}${more(value.length)}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  const shown = entries.slice(0, maxItems).map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : literal(k)}: ${literal(v, maxItems)}`);
  return `{ ${shown.join(', ')}${more(entries.length)} }`;
}
