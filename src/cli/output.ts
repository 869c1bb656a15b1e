import { DateTime } from 'luxon';

// What the CLI prints. Data goes to stdout; every complaint goes to stderr as one line.

const useColor = (): boolean =>
  Boolean(process.stdout.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb';

// What the CLI prints holds other people's words: an alert's summary comes from whoever holds a
// routing key. Printed raw, a control character acts on the reader's terminal (ESC ] 52 writes
// the clipboard, ESC [ 2J clears the screen, CR overwrites a line), so each is shown as \xNN;
// the only escapes let through are the colours below, and only when colours are on.
const COLOURS = ['0', '1', '2', '31', '1;31', '33', '36'];
const OUR_ESCAPES = new Set(COLOURS.map((c) => `\u001b[${c}m`));
// eslint-disable-next-line no-control-regex
const CONTROL = /\r\n|\u001b\[[0-9;]*m|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
/** The first character of `c` as \xNN. */
const hex = (c: string): string => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;

/** `text` safe to write to a terminal: tabs and line ends (CSV's CRLF too) kept, every other control character visible. */
export function forTerminal(text: string, colours = useColor()): string {
  return text.replace(CONTROL, (m) => (m === '\r\n' || (colours && OUR_ESCAPES.has(m)) ? m : hex(m) + m.slice(1)));
}

export const out = (text: string): void => {
  const safe = forTerminal(text);
  process.stdout.write(safe.endsWith('\n') ? safe : `${safe}\n`);
};

// JSON.stringify writes C0 controls as \u escapes but C1 ones (U+0080-U+009F, which some
// terminals obey) as they are; escaped too, the JSON means the same.
const C1 = /[\u0080-\u009f]/g;

/** `--json`: the API's JSON as it came, pretty-printed, and nothing else on stdout. */
export const printJson = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value, null, 2).replace(C1, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`);
};

const paint = (code: string, text: string): string => (useColor() ? `\u001b[${code}m${text}\u001b[0m` : text);
export const bold = (text: string): string => paint('1', text);
export const dim = (text: string): string => paint('2', text);

/** The practice guide's names for the four levels. */
export const SEVERITY_NAMES: Record<string, string> = {
  'SEV-1': 'critical',
  'SEV-2': 'major',
  'SEV-3': 'minor',
  'SEV-4': 'low',
};
const SEVERITY_COLORS: Record<string, string> = { 'SEV-1': '1;31', 'SEV-2': '31', 'SEV-3': '33', 'SEV-4': '36' };

/** `SEV-2 major`, in red on a terminal for the serious ones. */
export function severity(sev: unknown): string {
  const s = String(sev ?? '-');
  const name = SEVERITY_NAMES[s];
  const label = name ? `${s} ${name}` : s;
  return SEVERITY_COLORS[s] ? paint(SEVERITY_COLORS[s], label) : label;
}

/** An RFC 3339 time in the reader's zone, e.g. `2026-01-05 10:00:00 CET`; `-` when absent. */
export function localTime(iso: unknown): string {
  if (typeof iso !== 'string' || iso === '') return '-';
  const t = DateTime.fromISO(iso);
  return t.isValid ? t.toLocal().toFormat('yyyy-LL-dd HH:mm:ss ZZZZ') : iso;
}

// ANSI codes take no room on screen.
// eslint-disable-next-line no-control-regex
const visibleLength = (s: string): number => s.replace(/\u001b\[[0-9;]*m/g, '').length;
const pad = (s: string, width: number): string => s + ' '.repeat(Math.max(0, width - visibleLength(s)));

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}

/** A plain aligned table: upper-case headers, two spaces between columns, last column unpadded. */
export function table(headers: string[], rawRows: string[][]): string {
  // A row is one line (a title from an alert's summary can hold line breaks), and cells are made
  // safe before measuring, so that a cell's \xNN counts in its column's width.
  const rows = rawRows.map((r) => r.map((cell) => forTerminal(cell.replace(/\r\n|\r|\n/g, ' '))));
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => visibleLength(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers.map((h) => bold(h.toUpperCase()))), ...rows.map(line)].join('\n');
}

/** `key  value` lines with the keys aligned. */
export function fields(pairs: [string, string][]): string {
  const width = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${pad(dim(k), width)}  ${v}`).join('\n');
}

/** Text of an optional value: `-` for null, empty, or missing. */
export function text(value: unknown): string {
  if (value === null || value === undefined || value === '') return '-';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
