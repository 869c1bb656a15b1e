import { InfiniteQueryObserver, QueryClient, type InfiniteData } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { refreshLive } from './liveRefresh';

type Page = { items: number[]; next: number | null };

/** An alert list of `total` items read `size` at a time, each read answered when the test says. */
function pagedList(total: number, size: number) {
  const reads: { from: number; answer: () => void }[] = [];
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  const observer = new InfiniteQueryObserver<Page, Error, InfiniteData<Page>, readonly string[], number>(qc, {
    queryKey: ['incidents', 'alerts', 'inc_1'],
    initialPageParam: 0,
    getNextPageParam: (last) => last.next,
    queryFn: ({ pageParam }) =>
      new Promise<Page>((resolve) => {
        const items = Array.from({ length: Math.min(size, total - pageParam) }, (_, i) => pageParam + i);
        reads.push({ from: pageParam, answer: () => resolve({ items, next: pageParam + size < total ? pageParam + size : null }) });
      }),
  });
  const unsubscribe = observer.subscribe(() => undefined);
  /** Answers every read asked so far, until none is left waiting (a refetch asks page after page). */
  const answerAll = async () => {
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, 0));
      const waiting = reads.splice(0);
      if (!waiting.length) return;
      waiting.forEach((r) => r.answer());
    }
  };
  const shown = () => observer.getCurrentResult().data?.pages.flatMap((p) => p.items).length ?? 0;
  return { qc, observer, reads, answerAll, shown, unsubscribe };
}

describe('refreshLive', () => {
  it('a live event while the next page is read keeps that page, then reads every page again', async () => {
    const list = pagedList(205, 200);
    await list.answerAll();
    expect(list.shown()).toBe(200);
    const more = list.observer.fetchNextPage();
    await new Promise((r) => setTimeout(r, 0));
    expect(list.reads.map((r) => r.from)).toEqual([200]);
    const refreshed = refreshLive(list.qc, ['incidents']);
    // Not cancelled: the read of the next page is the one under way, no read of page one yet.
    expect(list.reads.map((r) => r.from)).toEqual([200]);
    await list.answerAll();
    await more;
    await refreshed;
    expect(list.shown()).toBe(205);
    expect(list.observer.getCurrentResult().data?.pages).toHaveLength(2);
    list.unsubscribe();
  });

  it('without one under way, a live event reads the pages held again at once', async () => {
    const list = pagedList(205, 200);
    await list.answerAll();
    const refreshed = refreshLive(list.qc, ['incidents']);
    await new Promise((r) => setTimeout(r, 0));
    expect(list.reads.map((r) => r.from)).toEqual([0]);
    await list.answerAll();
    await refreshed;
    expect(list.shown()).toBe(200);
    list.unsubscribe();
  });

  it('with plain invalidation (what it replaces), the page being read was lost', async () => {
    const list = pagedList(205, 200);
    await list.answerAll();
    const more = list.observer.fetchNextPage();
    await new Promise((r) => setTimeout(r, 0));
    const refreshed = list.qc.invalidateQueries({ queryKey: ['incidents'] });
    await list.answerAll();
    await more.catch(() => undefined);
    await refreshed;
    expect(list.shown()).toBe(200);
    list.unsubscribe();
  });
});
