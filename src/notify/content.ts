// What a page (or a verification code, a test page, a notice) says, whatever the channel, and
// the payload every channel's outbox message carries. Providers render `content` in their own
// wire format; they never read the database.

/** The ways a person can be reached; each is a contact method's channel and an outbox channel. */
export type ChannelName = 'email' | 'sms' | 'voice' | 'push' | 'chat';
export const CHANNEL_NAMES: readonly ChannelName[] = ['email', 'sms', 'voice', 'push', 'chat'];

/**
 * page: an incident needs this person; test: "send me a test page"; verify: the code that proves
 * a contact method; notice: for information (a tier reached nobody, a page failed, resolved).
 */
export type MessageKind = 'page' | 'test' | 'verify' | 'notice';

export interface IncidentSummary {
  id: string;
  number: number;
  title: string;
  severity: string;
  status: string;
  /** The incident's page in the web app. */
  url: string;
  services: string[];
}

export interface PageContent {
  kind: MessageKind;
  /** One line, e.g. `[SEV-1] #42 Checkout is down`: the email subject, the push title. */
  subject: string;
  /** A few plain sentences, under 300 characters: the SMS text, what a voice call says. */
  text: string;
  /** The person this is for (what an SMS reply, a key press or a push action acts as). */
  userId?: string;
  incident?: IncidentSummary;
  /** Signed, single-use, expiring links that act without signing in (email, push, chat). */
  ackUrl?: string;
  resolveUrl?: string;
  /** Short code of this page for replies: SMS `ACK 4821` / `RES 4821`. */
  replyCode?: string;
  /** The page this message belongs to (pages table), when it is one. */
  pageId?: string;
  /** kind verify: the code to type back. */
  code?: string;
}

/**
 * The payload of every notification message in the outbox (channels email, sms, voice, push,
 * chat). `to` is the address: an email address, an E.164 phone number, a push subscription's
 * endpoint or a chat incoming-webhook URL. `details` is what the channel needs besides (push
 * keys, the chat's format); `contactMethodId` lets a provider report a dead address (push 410).
 */
export interface ChannelPayload {
  to: string;
  details?: Record<string, unknown>;
  contactMethodId?: string;
  content: PageContent;
}
