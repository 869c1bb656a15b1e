import type { PageContent } from '../content.js';
import { actionLinks, bodyText, incidentFacts } from './chat-content.js';

// Microsoft Teams through a Workflows (Power Automate) "post to a channel when a webhook request
// is received" URL, which replaced Office 365 connectors: a `message` with one Adaptive Card
// attachment (https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/add-incoming-webhook).
// Such a webhook cannot call Tocsin back, so acknowledge and resolve open the signed links.

export const ADAPTIVE_CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

/** Adaptive Card colours for a TextBlock: attention is red, warning orange, good green. */
function cardColor(content: PageContent): string {
  if (content.kind === 'test') return 'Good';
  if (content.kind !== 'page') return 'Default';
  const sev = content.incident?.severity;
  return sev === 'SEV-1' || sev === 'SEV-2' ? 'Attention' : sev === 'SEV-3' ? 'Warning' : 'Default';
}

export function renderTeams(content: PageContent): Record<string, unknown> {
  const body: Record<string, unknown>[] = [
    { type: 'TextBlock', text: content.subject, weight: 'Bolder', size: 'Medium', color: cardColor(content), wrap: true },
    { type: 'TextBlock', text: bodyText(content), wrap: true },
  ];
  const facts = incidentFacts(content);
  if (facts.length) body.push({ type: 'FactSet', facts: facts.map((f) => ({ title: f.label, value: f.value })) });
  const links = actionLinks(content).filter((l) => l.action === 'open' || content.kind === 'page');
  const card: Record<string, unknown> = { $schema: ADAPTIVE_CARD_SCHEMA, type: 'AdaptiveCard', version: '1.4', body };
  if (links.length) {
    card.actions = links.map((l) => ({ type: 'Action.OpenUrl', title: l.label, url: l.url, ...(l.action === 'acknowledge' ? { style: 'positive' } : {}) }));
  }
  return {
    type: 'message',
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }],
  };
}
