import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { incidentsKey } from '../features/incidents/api';
import { API_BASE } from './api';

export type LiveState = 'connecting' | 'live' | 'offline';

/**
 * Subscribes to the server's change feed (SSE) and refreshes the incident queries on every
 * change, so what someone else does (or a script through the API) shows up without a reload.
 * EventSource reconnects by itself; after a gap everything is refetched in case events were missed.
 */
export function useLiveUpdates(enabled: boolean): LiveState {
  const qc = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const source = new EventSource(`${API_BASE}/live`, { withCredentials: true });
    let wasOffline = false;
    const refresh = () => void qc.invalidateQueries({ queryKey: incidentsKey });
    source.addEventListener('incident', refresh);
    source.onopen = () => {
      setState('live');
      if (wasOffline) refresh();
      wasOffline = false;
    };
    source.onerror = () => {
      wasOffline = true;
      setState(source.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
    };
    return () => source.close();
  }, [enabled, qc]);
  return state;
}
