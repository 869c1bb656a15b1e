import { describe, expect, it } from 'vitest';
import { type KeyPress, shortcutCommand, shortcutsApply } from './shortcuts';

const press: KeyPress = { key: 'a', ctrlKey: false, metaKey: false, altKey: false, isComposing: false, targetTag: 'BODY', targetEditable: false, modalOpen: false };

describe('shortcutCommand', () => {
  const responderOnTriggered = ['acknowledge', 'mitigate', 'resolve', 'close', 'change_severity', 'assign_role', 'add_note', 'edit'] as const;

  it('offers a lifecycle key only when allowed_actions lists that step', () => {
    expect(['a', 'm', 'r'].map((k) => shortcutCommand(k, responderOnTriggered))).toEqual(['acknowledge', 'mitigate', 'resolve']);
    expect(['a', 'm', 'r'].map((k) => shortcutCommand(k, ['resolve', 'close', 'add_note']))).toEqual([null, null, 'resolve']);
    expect(shortcutCommand('r', ['close', 'reopen'])).toBeNull();
  });

  it('maps note, severity and edit to add_note, change_severity and edit', () => {
    expect(['n', 's', 'e'].map((k) => shortcutCommand(k, responderOnTriggered))).toEqual(['note', 'severity', 'edit']);
    expect(shortcutCommand('n', ['add_note'])).toBe('note');
    expect(shortcutCommand('s', ['add_note'])).toBeNull();
    expect(shortcutCommand('e', ['change_severity'])).toBeNull();
  });

  it('gives a viewer (no allowed actions) only help', () => {
    for (const k of ['a', 'm', 'r', 'n', 's', 'e']) expect(shortcutCommand(k, [])).toBeNull();
    expect(shortcutCommand('?', [])).toBe('help');
  });

  it('has nothing for other keys (capitals included)', () => {
    expect(shortcutCommand('A', responderOnTriggered)).toBeNull();
    expect(shortcutCommand('x', responderOnTriggered)).toBeNull();
  });
});

describe('shortcutsApply', () => {
  it('applies on the page itself', () => expect(shortcutsApply(press)).toBe(true));
  it.each<[string, Partial<KeyPress>]>([
    ['typing in a field', { targetTag: 'INPUT' }],
    ['typing a note', { targetTag: 'TEXTAREA' }],
    ['choosing in a select', { targetTag: 'SELECT' }],
    ['in rich text', { targetTag: 'DIV', targetEditable: true }],
    ['with a modal open', { modalOpen: true }],
    ['with Ctrl (copy, reload…)', { ctrlKey: true }],
    ['with Cmd', { metaKey: true }],
    ['with Alt', { altKey: true }],
    ['mid IME composition', { isComposing: true }],
  ])('stays out of the way %s', (_why, p) => expect(shortcutsApply({ ...press, ...p })).toBe(false));
});
