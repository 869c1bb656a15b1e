// The timeline is append-only and numbered (`seq`, from 1 per incident): a reader that holds events
// up to seq N needs only what came after N. The web app reads on from what it holds on every live
// change (a storm's incident once sent its whole timeline, megabytes, every second); the CLI reads
// every page. Pure, with no imports: the web bundle takes it as it is.

/** One read of the timeline as the API answers it. */
export interface TimelinePage<E> {
  items: E[];
  has_more: boolean;
}

/**
 * `known` followed by every event after its last, read a page at a time through `page(after)`;
 * `known` itself when nothing came. Events at or before `after` in an answer are left out, and an
 * empty page ends the reading whatever it says, so a confused server cannot loop it.
 */
export async function readOnward<E extends { seq: number }>(known: readonly E[], page: (after: number) => Promise<TimelinePage<E>>): Promise<readonly E[]> {
  let all = known;
  for (;;) {
    const after = all.at(-1)?.seq ?? 0;
    const read = await page(after);
    const fresh = read.items.filter((e) => e.seq > after);
    if (fresh.length) all = [...all, ...fresh];
    if (!read.has_more || !fresh.length) return all;
  }
}
