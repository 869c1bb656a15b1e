// The incident list's j / k: move between rows from the keyboard, Enter opens (each row is a link).

/**
 * Which row to focus after j (+1) or k (−1): from none focused, j takes the first row and k the
 * last; past either end it stays put (a list is not a loop: at 3 AM a jump to the other end hides
 * where you were). -1 when there are no rows.
 */
export function nextRow(current: number, count: number, step: 1 | -1): number {
  if (count === 0) return -1;
  if (current < 0 || current >= count) return step > 0 ? 0 : count - 1;
  return Math.min(count - 1, Math.max(0, current + step));
}

/** Focuses the next or previous row of the list `within`; the browser scrolls it into view. */
export function focusRow(within: HTMLElement | null, step: 1 | -1): void {
  if (!within) return;
  const rows = [...within.querySelectorAll<HTMLElement>('[data-testid="incident-row"]')];
  const at = nextRow(rows.findIndex((r) => r === document.activeElement), rows.length, step);
  rows[at]?.focus();
}
