import type { PageContent } from '../notify/content.js';
import type { IncidentJson } from '../incidents/model.js';

// What a page says about its incident, whatever the channel renders it as.

export interface PageRef {
  id: string;
  user_id: string;
  reply_code: string;
}

/** `[SEV-1] #42 Checkout is down` and a few words on services and status, for SMS and voice too. */
export function pageContent(incident: IncidentJson, page: PageRef, publicUrl: string, links: { ackUrl?: string; resolveUrl?: string } = {}): PageContent {
  const services = incident.services.map((s) => s.name);
  const on = services.length ? ` on ${services.join(', ')}` : '';
  return {
    kind: 'page',
    subject: `[${incident.severity}] #${incident.number} ${incident.title}`,
    text: `${incident.severity} incident #${incident.number}${on}: ${incident.title}. Status ${incident.status}.`,
    userId: page.user_id,
    pageId: page.id,
    replyCode: page.reply_code,
    incident: { id: incident.id, number: incident.number, title: incident.title, severity: incident.severity, status: incident.status, url: `${publicUrl}/incidents/${incident.number}`, services },
    ...links,
  };
}

/** For information only (a tier reached nobody, a page failed): goes to the policy's team. */
export function noticeContent(incident: IncidentJson, what: string, publicUrl: string): PageContent {
  return {
    kind: 'notice',
    subject: `[${incident.severity}] #${incident.number}: ${what}`,
    text: `${what}. Incident #${incident.number} ${incident.title} (${incident.severity}, ${incident.status}).`,
    incident: { id: incident.id, number: incident.number, title: incident.title, severity: incident.severity, status: incident.status, url: `${publicUrl}/incidents/${incident.number}`, services: incident.services.map((s) => s.name) },
  };
}
