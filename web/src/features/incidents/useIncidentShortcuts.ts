import { useEffect, useRef } from 'react';
import type { IncidentAction } from './lifecycle';
import { type ShortcutCommand, shortcutCommand, shortcutsApply } from './shortcuts';

/**
 * Listens for the incident page's shortcuts on the document and runs `onCommand`; the key is
 * swallowed when it does something (so `n` does not also type an "n" into the note box).
 */
export function useIncidentShortcuts(allowed: readonly IncidentAction[], modalOpen: boolean, onCommand: (c: ShortcutCommand) => void): void {
  const latest = useRef({ allowed, modalOpen, onCommand });
  useEffect(() => {
    latest.current = { allowed, modalOpen, onCommand };
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const { allowed, modalOpen, onCommand } = latest.current;
      if (e.defaultPrevented || e.repeat) return;
      const target = e.target instanceof HTMLElement ? e.target : null;
      const press = {
        key: e.key,
        ctrlKey: e.ctrlKey,
        metaKey: e.metaKey,
        altKey: e.altKey,
        isComposing: e.isComposing,
        targetTag: target?.tagName ?? '',
        targetEditable: !!target && (target.isContentEditable || target.getAttribute('role') === 'textbox'),
        // Ours are tracked; any other open modal (a confirm elsewhere on the page) counts too.
        modalOpen: modalOpen || !!document.querySelector('[role="dialog"][aria-modal="true"]'),
      };
      if (!shortcutsApply(press)) return;
      const command = shortcutCommand(e.key, allowed);
      if (!command) return;
      e.preventDefault();
      onCommand(command);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
