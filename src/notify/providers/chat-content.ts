import type { PageContent } from '../content.js';

// What every chat renderer shares: the formats, the facts a message shows, colours by severity,
// the action token of a link. Pure: content in, plain data out.

export type ChatFormat = 'slack' | 'teams' | 'discord' | 'mattermost' | 'google_chat';
export const CHAT_FORMATS: readonly ChatFormat[] = ['slack', 'teams', 'discord', 'mattermost', 'google_chat'];

export const isChatFormat = (v: unknown): v is ChatFormat => typeof v === 'string' && (CHAT_FORMATS as readonly string[]).includes(v);

/** How a renderer is told what the server can do besides posting. */
export interface RenderOptions {
  /** Slack only: a Slack app with a signing secret answers buttons (else the buttons are links). */
  interactive?: boolean;
}

/** One labelled fact of a message (severity, status, services). */
export interface Fact {
  label: string;
  value: string;
}

/** The facts about the incident, in the order people scan them at 3 AM. */
export function incidentFacts(content: PageContent): Fact[] {
  const inc = content.incident;
  if (!inc) return [];
  const facts: Fact[] = [
    { label: 'Severity', value: inc.severity },
    { label: 'Status', value: inc.status },
  ];
  if (inc.services.length) facts.push({ label: inc.services.length > 1 ? 'Services' : 'Service', value: inc.services.join(', ') });
  facts.push({ label: 'Incident', value: `#${inc.number}` });
  return facts;
}

/** The message's body text: the verification code is the point of a verify message. */
export function bodyText(content: PageContent): string {
  if (content.kind === 'verify' && content.code && !content.text.includes(content.code)) return `${content.text} Code: ${content.code}`;
  return content.text;
}

/** Red for the worst, then orange, yellow, blue; green for a test; grey for a plain notice. */
const SEVERITY_COLORS: Record<string, number> = { 'SEV-1': 0xd32f2f, 'SEV-2': 0xf57c00, 'SEV-3': 0xfbc02d, 'SEV-4': 0x1976d2 };
export function colorOf(content: PageContent): number {
  if (content.kind === 'test') return 0x388e3c;
  if (content.kind === 'verify') return 0x1976d2;
  if (content.kind === 'notice') return 0x757575;
  return SEVERITY_COLORS[content.incident?.severity ?? ''] ?? 0x757575;
}

export const hexColor = (n: number): string => `#${n.toString(16).padStart(6, '0').toUpperCase()}`;

/** The links a message offers: acknowledge and resolve (signed, single-use), then the incident. */
export interface ActionLink {
  action: 'acknowledge' | 'resolve' | 'open';
  label: string;
  url: string;
}

export function actionLinks(content: PageContent): ActionLink[] {
  const links: ActionLink[] = [];
  if (content.ackUrl) links.push({ action: 'acknowledge', label: 'Acknowledge', url: content.ackUrl });
  if (content.resolveUrl) links.push({ action: 'resolve', label: 'Resolve', url: content.resolveUrl });
  if (content.incident?.url) links.push({ action: 'open', label: 'Open incident', url: content.incident.url });
  return links;
}

/** The action token of a signed link `${publicUrl}/act/<token>`: its last path segment. */
export function tokenOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const last = new URL(url).pathname.split('/').filter(Boolean).at(-1);
    return last ? decodeURIComponent(last) : undefined;
  } catch {
    return undefined;
  }
}

/** Cuts to a product's field limit, marking the cut. */
export const clip = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
