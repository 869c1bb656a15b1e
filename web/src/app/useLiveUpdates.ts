import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { incidentsKey } from '../features/incidents/api';
import { sessionKey } from '../features/session/api';
import { API_BASE } from './api';

export type LiveState = 'connecting' | 'live' | 'offline';

const RETRY_CLOSED_MS = 5_000;

/**
 * Subscribes to the server's change feed (SSE) and refreshes the incident queries on every
 * change, so what someone else does (or a script through the API) shows up without a reload.
 * EventSource reconnects by itself after a dropped connection; when the server refuses the
 * stream (a 401 after the session ended, a proxy error) it gives up, so we start over after a
 * pause and re-check the session. After any gap everything is refetched in case events were missed.
 */
export function useLiveUpdates(enabled: boolean): LiveState {
  const qc = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let missed = false;
    const refresh = () => void qc.invalidateQueries({ queryKey: incidentsKey });
    const connect = () => {
      source = new EventSource(`${API_BASE}/live`, { withCredentials: true });
      source.addEventListener('incident', refresh);
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
    connect();
    return () => {
      clearTimeout(retry);
      source?.close();
    };
  }, [enabled, qc]);
  return state;
}
