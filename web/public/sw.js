/* global self, clients */
// Tocsin's service worker: shows the pages the server pushes (src/notify/providers/push.ts) and
// acts on them from the notification, so a phone on the nightstand can acknowledge without
// opening the app. A plain script, no bundler and no modules: Firefox does not run module
// service workers. web/src/features/profile/sw.test.ts runs it with faked globals.
'use strict';

const ICON = '/icons/icon-192.png';
const BADGE = '/icons/badge-96.png';

/** The decrypted push body (PushMessage in push-message.ts); anything else still shows something. */
function parsePush(text) {
  try {
    const msg = JSON.parse(text);
    if (msg && typeof msg.title === 'string') return msg;
  } catch {
    // not JSON: shown as it is, below
  }
  return { title: 'Tocsin', body: text || 'Something needs your attention.', tag: 'tocsin', kind: 'notice' };
}

/** What showNotification gets: one notification per incident (tag), ringing again for each page. */
function notificationFor(msg) {
  const urgent = msg.kind === 'page' || msg.kind === 'test';
  const actions = [];
  if (msg.ackUrl) actions.push({ action: 'acknowledge', title: 'Acknowledge' });
  if (msg.resolveUrl) actions.push({ action: 'resolve', title: 'Resolve' });
  return {
    title: msg.title,
    options: {
      body: msg.body,
      tag: msg.tag,
      // A repeated page under the same tag must alert again, not replace the old one in silence.
      renotify: urgent,
      // A page stays on screen until someone deals with it.
      requireInteraction: msg.kind === 'page',
      vibrate: urgent ? [300, 100, 300, 100, 300] : undefined,
      icon: ICON,
      badge: BADGE,
      actions,
      data: { url: msg.url || '/', ackUrl: msg.ackUrl, resolveUrl: msg.resolveUrl, tag: msg.tag },
    },
  };
}

/** A click: a button acts through its signed link; the body opens the incident. */
function clickPlan(action, data) {
  if (action === 'acknowledge' && data.ackUrl) return { act: 'acknowledge', url: data.ackUrl };
  if (action === 'resolve' && data.resolveUrl) return { act: 'resolve', url: data.resolveUrl };
  return { open: data.url || '/' };
}

const DONE = { acknowledge: 'Acknowledged', resolve: 'Resolved' };
const DONE_TEXT = { acknowledge: 'Acknowledged: escalation stopped.', resolve: 'Resolved.' };
const ALREADY_TEXT = { acknowledge: 'Already acknowledged.', resolve: 'Already resolved.' };

/** What the person is told after pressing a button: the answer of POST /act/:token, or why not. */
function outcomeText(act, status, body) {
  if (status >= 200 && status < 300) return body && body.outcome === 'already' ? ALREADY_TEXT[act] : DONE_TEXT[act];
  if (status === 0) return `Could not reach Tocsin: nothing was ${act}d. Tap to open the incident.`;
  if (status === 401 || status === 403 || status === 404 || status === 410) return `This link has expired or was used: nothing was ${act}d. Tap to open the incident.`;
  return `Tocsin answered ${status}: nothing was ${act}d. Tap to open the incident.`;
}

async function act(plan, data) {
  let status = 0;
  let body = null;
  try {
    const res = await fetch(plan.url, { method: 'POST', headers: { accept: 'application/json' } });
    status = res.status;
    body = await res.json().catch(() => null);
  } catch {
    status = 0; // offline, or the server is down
  }
  const ok = status >= 200 && status < 300;
  // The answer replaces the page (same tag), quietly; on failure it keeps the way to the incident.
  await self.registration.showNotification(ok ? DONE[plan.act] : 'Tocsin: not done', {
    body: outcomeText(plan.act, status, body),
    tag: data.tag,
    renotify: false,
    silent: true,
    icon: ICON,
    badge: BADGE,
    data: { url: data.url, tag: data.tag },
  });
}

async function open(url) {
  const target = new URL(url, self.location.origin).href;
  const windows = await clients.matchAll({ type: 'window', includeUncontrolled: true });
  const same = windows.find((w) => w.url === target);
  if (same) return same.focus();
  const ours = windows.find((w) => new URL(w.url).origin === self.location.origin);
  if (ours && 'navigate' in ours) return ours.navigate(target).then((w) => (w || ours).focus());
  return clients.openWindow(target);
}

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(clients.claim()));

self.addEventListener('push', (event) => {
  const { title, options } = notificationFor(parsePush(event.data ? event.data.text() : ''));
  event.waitUntil(self.registration.showNotification(title, options));
});

self.addEventListener('notificationclick', (event) => {
  const data = event.notification.data || {};
  event.notification.close();
  const plan = clickPlan(event.action, data);
  event.waitUntil(plan.open ? open(plan.open) : act(plan, data));
});
