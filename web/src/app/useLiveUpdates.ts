import { type QueryKey, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { sessionKey } from '../features/session/api';
import { whenShownAndIdle } from '../ui/idle';
import { API_BASE } from './api';
import { coalesceRefreshes } from './liveCoalesce';
import { refreshLive } from './liveRefresh';
import { FEATURES } from './features';
import { liveInvalidations } from './navigation';

export type LiveState = 'connecting' | 'live' | 'offline';

const RETRY_CLOSED_MS = 5_000;
/** What live events ask to refresh is refreshed at most this often (the first at once). */
const LIVE_REFRESH_EVERY_MS = 1_000;

/** Each live topic and the queries it refreshes, declared by the features (`feature.ts`). */
const TOPICS = liveInvalidations(FEATURES);

/**
 * Subscribes to the server's change feed (SSE) and, for each event, refreshes the queries the
 * features listed for its topic (`feature.ts` → `live`), so what someone else does (or a script through the API) shows up without a reload.
 * EventSource reconnects by itself after a dropped connection; when the server refuses the
 * stream (a 401 after the session ended, a proxy error) it gives up, so we start over after a
 * pause and re-check the session. After any gap everything is refetched in case events were missed.
 * The first connection waits until the page has shown its content and the browser is idle, so it
 * counts as a gap too: what changed between the page's first reads and the feed opening (an alert
 * resolved a second after the page loaded) would otherwise stay unseen.
 */
export function useLiveUpdates(enabled: boolean): LiveState {
  const qc = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let missed = true; // until the first connection: see above
    // A storm's hundreds of events a second become about one refresh a second (liveCoalesce.ts).
    const coalescer = coalesceRefreshes((keys) => keys.forEach((queryKey) => void refreshLive(qc, queryKey)), LIVE_REFRESH_EVERY_MS);
    const invalidate = (keys: readonly QueryKey[]) => coalescer.add(keys);
    const refresh = () => TOPICS.forEach(invalidate);
    const connect = () => {
      source = new EventSource(`${API_BASE}/live`, { withCredentials: true });
      for (const [topic, keys] of TOPICS) source.addEventListener(topic, () => invalidate(keys));
      source.onopen = () => {
        setState('live');
        if (missed) refresh();
        missed = false;
      };
      source.onerror = () => {
        missed = true;
        if (source?.readyState !== EventSource.CLOSED) return setState('connecting');
        setState('offline');
        void qc.invalidateQueries({ queryKey: sessionKey });
        retry = setTimeout(connect, RETRY_CLOSED_MS);
      };
    };
    const cancelFirst = whenShownAndIdle(connect);
    return () => {
      cancelFirst();
      clearTimeout(retry);
      coalescer.cancel();
      source?.close();
    };
  }, [enabled, qc]);
  return state;
}
