import { describe, expect, it } from 'vitest';
import { type KeyPress, shortcutCommand, shortcutsApply } from './shortcuts';

const press: KeyPress = { key: 'a', ctrlKey: false, metaKey: false, altKey: false, isComposing: false, targetTag: 'BODY', targetEditable: false, modalOpen: false };

describe('shortcutCommand', () => {
  it('offers a lifecycle key only when that step is legal', () => {
    const triggered = { status: 'triggered' as const, canEdit: true };
    expect(['a', 'm', 'r'].map((k) => shortcutCommand(k, triggered))).toEqual(['acknowledge', 'mitigate', 'resolve']);
    const mitigated = { status: 'mitigated' as const, canEdit: true };
    expect(['a', 'm', 'r'].map((k) => shortcutCommand(k, mitigated))).toEqual([null, null, 'resolve']);
    expect(shortcutCommand('r', { status: 'resolved', canEdit: true })).toBeNull();
  });

  it('keeps note, severity and edit to open incidents and to people who may edit', () => {
    expect(shortcutCommand('n', { status: 'resolved', canEdit: false })).toBe('note');
    expect(shortcutCommand('s', { status: 'acknowledged', canEdit: false })).toBe('severity');
    expect(shortcutCommand('e', { status: 'acknowledged', canEdit: false })).toBeNull();
    expect(shortcutCommand('e', { status: 'acknowledged', canEdit: true })).toBe('edit');
    for (const k of ['n', 's', 'e', 'a']) expect(shortcutCommand(k, { status: 'closed', canEdit: false })).toBeNull();
  });

  it('always has help, and nothing for other keys (capitals included)', () => {
    expect(shortcutCommand('?', { status: 'closed', canEdit: false })).toBe('help');
    expect(shortcutCommand('A', { status: 'triggered', canEdit: true })).toBeNull();
    expect(shortcutCommand('x', { status: 'triggered', canEdit: true })).toBeNull();
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
