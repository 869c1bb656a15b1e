import { useEffect } from 'react';
import { useLocation } from 'react-router';

/** Once the teams are listed, bring the one in the URL's #hash into view and focus it. */
export function useScrollToTeam(ready: boolean): void {
  const { hash } = useLocation();
  useEffect(() => {
    if (!ready || !hash) return;
    const el = document.getElementById(decodeURIComponent(hash.slice(1)));
    el?.scrollIntoView({ block: 'center' });
    el?.focus({ preventScroll: true });
  }, [ready, hash]);
}
