import type { Query, QueryClient, QueryKey } from '@tanstack/react-query';

/** A query reading its next page (the Alerts panel's "Show more"). */
const readingMore = (q: Query): boolean => q.state.fetchStatus === 'fetching' && Boolean((q.state.fetchMeta as { fetchMore?: unknown } | null)?.fetchMore);

/**
 * Refreshes the queries under `queryKey` for a live event. A query reading its next page is not
 * cancelled: a refetch starts over from the pages it already had, so the page being read would
 * vanish ("Show 5 more" clicked as a live event came showed nothing more). It is refreshed, every
 * page of it, once that page has come.
 */
export async function refreshLive(qc: QueryClient, queryKey: QueryKey): Promise<void> {
  const busy = qc.getQueryCache().findAll({ queryKey }).filter(readingMore);
  await Promise.all([
    qc.invalidateQueries({ queryKey, predicate: (q) => !busy.includes(q) }),
    ...busy.map(async (q) => {
      // Joins the read under way instead of cancelling it, then reads every page again.
      await qc.invalidateQueries({ queryKey: q.queryKey, exact: true }, { cancelRefetch: false });
      await qc.invalidateQueries({ queryKey: q.queryKey, exact: true });
    }),
  ]);
}
