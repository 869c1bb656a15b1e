import { everyOf } from '../../app/api';
import type { Delivery, Escalation, Notification, Page } from './api';

// How paging reads on screen: pure functions of the API's answers, tested beside this file.

export const DELIVERIES = everyOf<Delivery>()(['planned', 'skipped', 'pending', 'sending', 'sent', 'delivered', 'failed']);

/** Words and colour per delivery state; a failure is the only red, so it stands out at 3 AM. */
export const DELIVERY_LOOK: Record<Delivery, { label: string; color: string; hint: string }> = {
  planned: { label: 'Planned', color: 'gray', hint: 'Not due yet: goes out at the due time unless someone answers first' },
  skipped: { label: 'Skipped', color: 'gray', hint: 'Not sent: the page was answered before it was due' },
  pending: { label: 'Pending', color: 'yellow', hint: 'Due, waiting for its turn to go out' },
  sending: { label: 'Sending', color: 'yellow', hint: 'Handed to the provider, waiting for its answer' },
  sent: { label: 'Sent', color: 'blue', hint: 'The provider took it' },
  delivered: { label: 'Delivered', color: 'teal', hint: 'The provider confirmed it reached the device' },
  failed: { label: 'Failed', color: 'red', hint: 'Did not go out; the next contact method is tried' },
};

const CHANNEL_LABEL: Record<string, string> = { email: 'Email', sms: 'SMS', voice: 'Voice call', push: 'Push', chat: 'Chat', webhook: 'Webhook' };
export const channelLabel = (channel: string): string => CHANNEL_LABEL[channel] ?? channel;

/** The failed notifications of some pages: what the panel shouts about first. */
export const failuresOf = (pages: readonly Page[]): { page: Page; notification: Notification }[] =>
  pages.flatMap((page) => page.notifications.filter((n) => n.delivery === 'failed').map((notification) => ({ page, notification })));

/** Why this person was paged, in words: "Tier 2", "Tier 1, round 2", "Paged by hand". */
export function pageReason(p: Pick<Page, 'reason' | 'tier' | 'round'>): string {
  if (p.reason === 'manual') return 'Paged by a responder';
  const tier = p.tier === null ? 'Escalation' : `Tier ${p.tier}`;
  return p.round ? `${tier}, round ${p.round + 1}` : tier;
}

/** A page nobody can be reached for: no contact method was planned. */
export const unreachable = (p: Pick<Page, 'notifications'>): boolean => p.notifications.length === 0;

export const ESCALATION_LOOK: Record<Escalation['state'], { label: string; color: string }> = {
  waiting: { label: 'Waiting', color: 'gray' },
  active: { label: 'Paging', color: 'red' },
  acknowledged: { label: 'Acknowledged', color: 'teal' },
  done: { label: 'Done', color: 'gray' },
};

/**
 * What an escalation is doing, as a sentence with the instant it hinges on (null: none). A
 * waiting one starts at business hours (its `started_at` is then in the future).
 */
export function escalationStatus(e: Escalation): { text: string; at: string | null } {
  if (e.state === 'waiting') return { text: 'Low urgency: waits for business hours, pages from', at: e.started_at };
  if (e.state === 'active') return { text: 'Paging tier by tier since', at: e.started_at };
  if (e.state === 'acknowledged') return { text: 'Paging stopped: acknowledged', at: e.acknowledged_at };
  return { text: 'Finished: the incident was resolved or paging ended', at: null };
}

/** Newest first, the order a person reads their own pages in. */
export const newestFirst = <T extends { created_at: string }>(items: readonly T[]): T[] => [...items].sort((a, b) => b.created_at.localeCompare(a.created_at));

/** Snooze lengths offered; the API takes any 1..1440. */
export const SNOOZE_MINUTES = [15, 30, 60] as const;

/** The incident is acknowledged but an escalation pages again (timeout, snooze over): offer to stop it. */
export const pagingDespiteAck = (status: string, escalations: readonly Pick<Escalation, 'state'>[]): boolean =>
  status === 'acknowledged' && escalations.some((e) => e.state === 'active' || e.state === 'waiting');

const IN_FLIGHT: ReadonlySet<Delivery> = new Set(['planned', 'pending', 'sending']);

/**
 * How often to refetch pages besides live events: deliveries move in the outbox without an
 * incident event, so while any is on its way (or an escalation still pages) look every 10 s.
 */
export function refetchEvery(pages: readonly Pick<Page, 'notifications'>[], escalations: readonly Pick<Escalation, 'state'>[] = []): number | false {
  const moving = pages.some((p) => p.notifications.some((n) => IN_FLIGHT.has(n.delivery))) || escalations.some((e) => e.state === 'active' || e.state === 'waiting');
  return moving ? 10_000 : false;
}

/** One line on who is paged for an incident (the incident list's rows; the CLI's too). */
export { whoIsPaged, type PagedLine } from '../../../../src/paging/paged-line';
