import type { IncidentAction } from './lifecycle';

// The incident page's single-key shortcuts, for the 3 AM responder with one hand on the keyboard.

export type ShortcutCommand = 'acknowledge' | 'mitigate' | 'resolve' | 'note' | 'edit' | 'severity' | 'help';

export const SHORTCUT_KEY: Record<ShortcutCommand, string> = {
  acknowledge: 'a',
  mitigate: 'm',
  resolve: 'r',
  note: 'n',
  edit: 'e',
  severity: 's',
  help: '?',
};

export const SHORTCUT_HELP: Record<ShortcutCommand, string> = {
  acknowledge: 'Acknowledge',
  mitigate: 'Mitigate',
  resolve: 'Resolve (asks first)',
  note: 'Write a note',
  edit: 'Edit details',
  severity: 'Change severity',
  help: 'Show these shortcuts',
};

const BY_KEY = new Map(Object.entries(SHORTCUT_KEY).map(([command, key]) => [key, command as ShortcutCommand]));

/** The server's `allowed_actions` each command needs; help needs none. */
const NEEDS: Record<ShortcutCommand, IncidentAction | null> = {
  acknowledge: 'acknowledge',
  mitigate: 'mitigate',
  resolve: 'resolve',
  note: 'add_note',
  edit: 'edit',
  severity: 'change_severity',
  help: null,
};

/** The command `key` stands for right now, or null: only what the incident's `allowed_actions` lists. */
export function shortcutCommand(key: string, allowed: readonly IncidentAction[]): ShortcutCommand | null {
  const command = BY_KEY.get(key);
  if (!command) return null;
  const needs = NEEDS[command];
  return needs === null || allowed.includes(needs) ? command : null;
}

/** A key press as far as shortcuts care: modifiers, IME composition, and where the focus is. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  isComposing: boolean;
  /** The focused element's tag name (upper case) and whether it takes text. */
  targetTag: string;
  targetEditable: boolean;
  /** A dialog (modal) is open: its keys are its own. */
  modalOpen: boolean;
}

const TYPING_TAGS = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

/** Shortcuts stay out of the way while someone types, holds a modifier, or works in a modal. */
export function shortcutsApply(p: KeyPress): boolean {
  return !p.ctrlKey && !p.metaKey && !p.altKey && !p.isComposing && !p.modalOpen && !p.targetEditable && !TYPING_TAGS.has(p.targetTag);
}
