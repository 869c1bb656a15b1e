import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSendJournal, type AcceptedSend } from './journal.js';

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const send = (n: number, over: Partial<AcceptedSend> = {}): AcceptedSend => ({ messageId: `obx_${n}`, attempt: 1, providerRef: `ref-${n}`, responseCode: 250, at: 1_000 + n, ...over });

describe('send journal', () => {
  it('keeps an accepted send in its file at once, for the next process to read', () => {
    dir = mkdtempSync(join(tmpdir(), 'journal-'));
    const path = join(dir, 'nested', 'sent.log');
    const journal = openSendJournal(path);
    journal.accepted(send(1));
    journal.accepted(send(2, { providerRef: null, responseCode: null }));
    expect(journal.find('obx_1')).toEqual(send(1));
    // Not closed, not flushed: as a process killed right now leaves it.
    const next = openSendJournal(path);
    expect(next.unsettled()).toEqual([send(1), send(2, { providerRef: null, responseCode: null })]);
    expect(next.find('obx_2')?.providerRef).toBeNull();
    journal.close();
    next.close();
  });

  it('keeps a hand-over (the answer unread) as such, and an answer after it in its place', () => {
    dir = mkdtempSync(join(tmpdir(), 'journal-'));
    const path = join(dir, 'sent.log');
    const journal = openSendJournal(path);
    journal.handedOver({ messageId: 'obx_1', attempt: 2, at: 1_500 });
    journal.handedOver({ messageId: 'obx_2', attempt: 1, at: 1_600 });
    journal.accepted(send(2)); // obx_2's answer came after all
    const handed = { messageId: 'obx_1', attempt: 2, providerRef: null, responseCode: null, at: 1_500, handedOver: true };
    expect(journal.find('obx_1')).toEqual(handed);
    expect(openSendJournal(path).unsettled()).toEqual([handed, send(2)]);
    journal.refused('obx_1'); // refused after all (a 5xx after the data)
    expect(journal.unsettled()).toEqual([send(2)]);
    expect(openSendJournal(path).unsettled()).toEqual([send(2)]); // the next process does not count it either
    journal.handedOver({ messageId: 'obx_1', attempt: 3, at: 1_700 }); // the retry's hand-over counts again
    expect(openSendJournal(path).find('obx_1')).toEqual({ ...handed, attempt: 3, at: 1_700 });
    journal.refused('obx_9'); // never noted: nothing to withdraw, nothing written
    expect(readFileSync(path, 'utf8')).not.toContain('obx_9');
    journal.close();
  });

  it('forgets what is settled, and empties the file once nothing in it is unsettled', () => {
    dir = mkdtempSync(join(tmpdir(), 'journal-'));
    const path = join(dir, 'sent.log');
    const journal = openSendJournal(path);
    journal.accepted(send(1));
    journal.accepted(send(2));
    journal.settled('obx_1');
    expect(journal.find('obx_1')).toBeUndefined();
    expect(readFileSync(path, 'utf8').split('\n').filter(Boolean)).toHaveLength(2); // obx_2 still needs its line
    journal.settled('obx_2');
    expect(statSync(path).size).toBe(0);
    journal.accepted(send(3));
    const reader = openSendJournal(path);
    expect(reader.unsettled()).toEqual([send(3)]);
    reader.close(); // obx_3 unsettled: kept
    expect(existsSync(path)).toBe(true);
    journal.settled('obx_3');
    journal.close(); // a clean stop with nothing unsettled: removed
    expect(existsSync(path)).toBe(false);
  });

  it('skips a line cut short or not its own, and keeps the rest', () => {
    dir = mkdtempSync(join(tmpdir(), 'journal-'));
    const path = join(dir, 'sent.log');
    writeFileSync(path, `${JSON.stringify({ m: 'obx_1', a: 1, r: 'ref-1', c: 250, t: 1001 })}\n{"m":"obx_9","a":1,"t":\n`);
    appendFileSync(path, '{"m":42,"a":1,"t":5}\nnot json\n');
    const journal = openSendJournal(path);
    expect(journal.unsettled()).toEqual([send(1)]);
    journal.accepted(send(2));
    expect(openSendJournal(path).unsettled().map((s) => s.messageId)).toEqual(['obx_1', 'obx_2']);
    journal.close();
  });

  it('a write that fails is reported, not thrown: the send is still recorded in the database', () => {
    dir = mkdtempSync(join(tmpdir(), 'journal-'));
    const errors: unknown[] = [];
    const journal = openSendJournal(join(dir, 'sent.log'), (err) => errors.push(err));
    journal.close(); // its descriptor gone: every write now fails
    expect(() => journal.accepted(send(1))).not.toThrow();
    expect(errors).toHaveLength(1);
    expect(journal.find('obx_1')).toEqual(send(1));
  });
});
