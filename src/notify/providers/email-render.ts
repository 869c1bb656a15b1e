import type { IncidentSummary, PageContent } from '../content.js';

// What a page looks like by email: a plain-text body (read on a watch, in a terminal, by a
// filter) and an HTML body with the same words. Everything from an incident is escaped: a title
// is typed by anyone who can declare one. Styles are inline because mail clients drop <style>.

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ENTITIES[c]!);

/** Mail subjects are one line; a newline in a title must not start a header. */
const oneLine = (s: string): string => s.replace(/[\r\n]+/g, ' ').trim();

const SEVERITY_COLOURS: Record<string, string> = { 'SEV-1': '#c92a2a', 'SEV-2': '#e8590c', 'SEV-3': '#f08c00', 'SEV-4': '#495057' };

function incidentLines(i: IncidentSummary): string[] {
  return [
    `${i.severity} · incident #${i.number}: ${i.title}`,
    `Status: ${i.status}`,
    ...(i.services.length ? [`Services: ${i.services.join(', ')}`] : []),
    `Open the incident: ${i.url}`,
  ];
}

function textBody(c: PageContent): string {
  const lines: string[] = [];
  if (c.kind === 'test') lines.push('This is a test page: nothing is wrong. It shows that Tocsin can reach you by email.', '');
  if (c.text) lines.push(c.text, '');
  if (c.kind === 'verify' && c.code) lines.push(`Your verification code: ${c.code}`, '');
  if (c.incident) lines.push(...incidentLines(c.incident), '');
  if (c.kind === 'page' && c.ackUrl) lines.push(`Acknowledge: ${c.ackUrl}`);
  if (c.kind === 'page' && c.resolveUrl) lines.push(`Resolve: ${c.resolveUrl}`);
  if (c.kind === 'page' && (c.ackUrl || c.resolveUrl)) lines.push('', 'Each link works once, without signing in, and asks before it acts.');
  lines.push('', '— Tocsin');
  return lines.join('\n');
}

const button = (href: string, label: string, colour: string): string =>
  `<a href="${escapeHtml(href)}" style="display:inline-block;padding:14px 28px;margin:0 12px 12px 0;border-radius:6px;background:${colour};color:#ffffff;font-size:18px;font-weight:bold;text-decoration:none">${label}</a>`;

function incidentHtml(i: IncidentSummary): string {
  const colour = SEVERITY_COLOURS[i.severity] ?? '#495057';
  const services = i.services.length ? `<p style="margin:4px 0">Services: ${escapeHtml(i.services.join(', '))}</p>` : '';
  return [
    `<p style="margin:0 0 8px"><span style="display:inline-block;padding:2px 8px;border-radius:4px;background:${colour};color:#ffffff;font-weight:bold">${escapeHtml(i.severity)}</span>`,
    ` <strong>Incident #${i.number}</strong></p>`,
    `<h1 style="font-size:22px;margin:0 0 8px">${escapeHtml(i.title)}</h1>`,
    `<p style="margin:4px 0">Status: ${escapeHtml(i.status)}</p>`,
    services,
    `<p style="margin:12px 0"><a href="${escapeHtml(i.url)}">Open incident #${i.number} in Tocsin</a></p>`,
  ].join('');
}

function htmlBody(c: PageContent): string {
  const parts: string[] = [];
  if (c.kind === 'test') parts.push('<p style="padding:8px;background:#e7f5ff;border-radius:4px"><strong>This is a test page:</strong> nothing is wrong. It shows that Tocsin can reach you by email.</p>');
  if (c.incident) parts.push(incidentHtml(c.incident));
  if (c.text) parts.push(`<p style="margin:12px 0">${escapeHtml(c.text)}</p>`);
  if (c.kind === 'verify' && c.code) {
    parts.push(`<p>Your verification code:</p><p style="font-size:32px;font-weight:bold;letter-spacing:4px;font-family:monospace">${escapeHtml(c.code)}</p>`);
  }
  if (c.kind === 'page' && (c.ackUrl || c.resolveUrl)) {
    parts.push(
      '<p style="margin:20px 0 8px">',
      c.ackUrl ? button(c.ackUrl, 'Acknowledge', '#1971c2') : '',
      c.resolveUrl ? button(c.resolveUrl, 'Resolve', '#2f9e44') : '',
      '</p><p style="color:#495057;font-size:13px">Each link works once, without signing in, and asks before it acts.</p>',
    );
  }
  const body = parts.join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(oneLine(c.subject))}</title></head><body style="margin:0;padding:16px;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#212529;background:#ffffff"><div style="max-width:600px">${body}<p style="color:#868e96;font-size:12px;margin-top:24px">Tocsin</p></div></body></html>`;
}

export function renderEmail(content: PageContent): RenderedEmail {
  return { subject: oneLine(content.subject), text: textBody(content), html: htmlBody(content) };
}
