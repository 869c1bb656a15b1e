import { closeSync, ftruncateSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

// The send journal: a provider's "accepted", noted in a local file the moment it answers, before
// its outcome reaches the database. A page whose provider cannot be asked (SMTP, Vonage, an SMS
// gateway, voice) was sent again when the process died between that answer and the outcome's
// commit, which on a busy SQLite waits for the transaction in progress. A line here is one
// write() into the kernel's page cache: it outlives the process however it dies, so the
// reconciler finds it and records the send instead of repeating it. No fsync: a line lost with
// the machine costs at most the duplicate it was there to prevent, never a page.
// A provider that cannot be asked may also say when it holds the whole request and only its answer
// is outstanding (SMTP: the final dot is in the kernel). That is noted too (`h`), and counts as
// accepted after a crash: the answer a busy event loop had not read yet is the window it closes.

/** A send the provider accepted, as the journal keeps it. */
export interface AcceptedSend {
  messageId: string;
  attempt: number;
  providerRef: string | null;
  responseCode: number | null;
  /** When the provider answered, or had the whole request (epoch ms). */
  at: number;
  /** Only the provider's answer was outstanding: it had the whole request, its answer was not read. */
  handedOver?: boolean;
}

export interface SendJournal {
  /** Notes an accepted send; returns once it is in the file (synchronously). Never throws. */
  accepted(send: AcceptedSend): void;
  /** Notes that the provider holds the whole request and only its answer is outstanding. Never throws. */
  handedOver(send: { messageId: string; attempt: number; at: number }): void;
  /** The accepted send of this message that the journal holds and the database may lack. */
  find(messageId: string): AcceptedSend | undefined;
  /** Its outcome is committed in the database: the line is not needed any more. */
  settled(messageId: string): void;
  /**
   * The provider refused the send after a hand-over (an SMTP 5xx or 4xx after the data, a
   * timeout): its line must not count as accepted, in this process or the next. Never throws.
   */
  refused(messageId: string): void;
  /** The accepted sends the database may lack: a previous process's lines, and unsettled ones. */
  unsettled(): AcceptedSend[];
  /** Closes the file, and removes it when nothing in it is unsettled (a clean stop). */
  close(): void;
}

/** The file is emptied once nothing in it is unsettled and it has grown past this. */
const TRUNCATE_AT_BYTES = 64 * 1024;

/** A line: a send accepted or handed over, or (`x`) the refusal that withdraws a hand-over. */
function parseLine(line: string): AcceptedSend | { refused: string } | null {
  try {
    const v = JSON.parse(line) as Partial<Record<'m' | 'a' | 'r' | 'c' | 't' | 'h' | 'x', unknown>>;
    if (typeof v.m === 'string' && v.x === 1) return { refused: v.m };
    if (typeof v.m !== 'string' || typeof v.a !== 'number' || typeof v.t !== 'number') return null;
    const send: AcceptedSend = { messageId: v.m, attempt: v.a, providerRef: typeof v.r === 'string' ? v.r : null, responseCode: typeof v.c === 'number' ? v.c : null, at: v.t };
    return v.h === 1 ? { ...send, handedOver: true } : send;
  } catch {
    return null; // a line cut short by a power loss: only its duplicate is at stake
  }
}

/**
 * Opens (creating) the journal at `path` and reads what an earlier process left in it. `onError`
 * hears of a write that failed (a full disk): the send is still recorded in the database as
 * before, only without this protection.
 */
export function openSendJournal(path: string, onError: (err: unknown) => void = () => undefined): SendJournal {
  mkdirSync(dirname(path), { recursive: true });
  const unsettled = new Map<string, AcceptedSend>();
  let earlier = '';
  try {
    earlier = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  for (const line of earlier.split('\n')) {
    const s = line ? parseLine(line) : null;
    if (s && 'refused' in s) unsettled.delete(s.refused);
    else if (s) unsettled.set(s.messageId, s);
  }
  const fd = openSync(path, 'a', 0o600);
  // Emptied the first time nothing is unsettled (the earlier lines replayed), then when it grows.
  let truncateAt = 0;
  let size = Buffer.byteLength(earlier);
  const append = (send: AcceptedSend | null, fields: object): void => {
    if (send) unsettled.set(send.messageId, send);
    try {
      size += writeSync(fd, `${JSON.stringify(fields)}\n`);
    } catch (err) {
      onError(err);
    }
  };
  return {
    accepted: (send) => append(send, { m: send.messageId, a: send.attempt, r: send.providerRef, c: send.responseCode, t: send.at }),
    handedOver: ({ messageId, attempt, at }) =>
      append({ messageId, attempt, providerRef: null, responseCode: null, at, handedOver: true }, { m: messageId, a: attempt, h: 1, t: at }),
    refused(messageId) {
      // A settled line may still be in the file (it is emptied only when nothing is unsettled):
      // the refusal goes in too, so that the next process does not record the send as accepted.
      if (unsettled.delete(messageId)) append(null, { m: messageId, x: 1 });
    },
    find: (messageId) => unsettled.get(messageId),
    settled(messageId) {
      unsettled.delete(messageId);
      if (unsettled.size > 0 || size <= truncateAt) return;
      try {
        // Every line is in the database now. O_APPEND: the next line goes at the new end.
        ftruncateSync(fd, 0);
        size = 0;
        truncateAt = TRUNCATE_AT_BYTES;
      } catch (err) {
        onError(err);
      }
    },
    unsettled: () => [...unsettled.values()],
    close() {
      closeSync(fd);
      if (unsettled.size === 0) {
        try {
          unlinkSync(path);
        } catch {
          // already gone (another process sharing it stopped first)
        }
      }
    },
  };
}
