import type { PageActionKind } from './actions.js';
import { escapeHtml } from './providers/email-render.js';

// The small server-rendered pages an action link opens: a question with one button (GET must
// not act: mail scanners and link previews fetch every link), then the answer. No script, no
// external asset, one <style> block (the app's CSP allows inline styles), readable on a phone.

export interface LinkIncident {
  number: number;
  title: string;
  severity: string;
  status: string;
  url: string;
}

const VERB: Record<PageActionKind, { label: string; done: string; already: string }> = {
  acknowledge: { label: 'Acknowledge', done: 'Acknowledged by you', already: 'Already acknowledged' },
  resolve: { label: 'Resolve', done: 'Resolved by you', already: 'Already resolved' },
};

const STYLE = [
  'body{margin:0;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;background:#f8f9fa;color:#212529}',
  'main{max-width:32rem;margin:3rem auto;padding:1.5rem;background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.15)}',
  'h1{font-size:1.4rem;margin:0 0 1rem}',
  'button{font-size:1.2rem;padding:.9rem 1.6rem;border:0;border-radius:6px;background:#1971c2;color:#fff;cursor:pointer;width:100%}',
  'button:focus-visible{outline:3px solid #fab005;outline-offset:2px}',
  '.resolve button{background:#2f9e44}',
  '.muted{color:#495057;font-size:.9rem}',
  '@media (prefers-color-scheme:dark){body{background:#1a1b1e;color:#e9ecef}main{background:#25262b}.muted{color:#adb5bd}a{color:#74c0fc}}',
].join('');

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><meta name="referrer" content="no-referrer"><title>${escapeHtml(title)} · Tocsin</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

const about = (i: LinkIncident): string =>
  `<p><strong>${escapeHtml(i.severity)}</strong> · incident #${i.number}: ${escapeHtml(i.title)}</p><p class="muted">Status now: ${escapeHtml(i.status)}</p>`;

/** The question: the form posts to this same address (no action attribute), so it works behind any path prefix. */
export function confirmPage(action: PageActionKind, incident: LinkIncident): string {
  const { label } = VERB[action];
  const title = `${label} incident #${incident.number}?`;
  return page(
    title,
    `<h1>${escapeHtml(title)}</h1>${about(incident)}<form method="post" class="${action}"><button type="submit">${label} incident #${incident.number}</button></form><p class="muted">This link works once. <a href="${escapeHtml(incident.url)}">Open the incident</a> to do more.</p>`,
  );
}

/** The answer after acting: done by this person, or someone was first. */
export function resultPage(action: PageActionKind, outcome: 'done' | 'already', incident: LinkIncident): string {
  const heading = outcome === 'done' ? VERB[action].done : VERB[action].already;
  return page(heading, `<h1 role="status">${heading}</h1>${about(incident)}<p><a href="${escapeHtml(incident.url)}">Open incident #${incident.number}</a></p>`);
}

/** A link that cannot act (unknown, expired, used, or its person may no longer act). */
export function refusedPage(message: string): string {
  return page('Link not valid', `<h1 role="alert">${escapeHtml(message)}</h1><p class="muted">Sign in to Tocsin to see the incident and act on it there.</p>`);
}
