// Shared by scripts/test.mjs and scripts/retried-reporter.mjs.
import { stripVTControlCharacters } from 'node:util';

/**
 * The start of a test's error (its first lines, up to the stack), on the line below its name: CI
 * shows only the end of the output, and a name without its reason sent a session guessing (stop
 * 25's CI). A browser timeout's first line names no element; the lines after it do.
 */
export function why(message) {
  const lines = stripVTControlCharacters(String(message ?? '')).split('\n').map((l) => l.trim()).filter(Boolean);
  const stack = lines.findIndex((l) => l.startsWith('at '));
  const line = lines.slice(0, stack === -1 ? 4 : Math.min(4, Math.max(1, stack))).join(' / ');
  return line ? `\n      why: ${line.length > 300 ? `${line.slice(0, 300)}…` : line}` : '';
}
