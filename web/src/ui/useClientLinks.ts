import type { MouseEvent } from 'react';
import { useNavigate } from 'react-router';

/**
 * A click handler for a container of plain `<a href>` links (a long list of rows): opens them in
 * the app without a reload, as react-router's Link does, with one handler for the list instead of
 * a Link (and its hooks) per row. New-tab clicks and other sites are left to the browser.
 */
export function useClientLinks(): (e: MouseEvent<HTMLElement>) => void {
  const navigate = useNavigate();
  return (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.altKey || e.ctrlKey || e.shiftKey) return;
    const link = e.target instanceof Element ? e.target.closest('a') : null;
    if (!link || !e.currentTarget.contains(link) || link.target || link.hasAttribute('download') || link.origin !== window.location.origin) return;
    e.preventDefault();
    navigate(link.pathname + link.search + link.hash);
  };
}
