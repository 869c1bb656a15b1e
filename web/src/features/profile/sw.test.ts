import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// The service worker (web/public/sw.js) is a plain script: it runs here in a VM context with
// the few globals it uses, faked, and its events are dispatched as a browser would.

const source = readFileSync(new URL('../../../public/sw.js', import.meta.url), 'utf8');
const ORIGIN = 'https://tocsin.example.com';

interface Shown {
  title: string;
  options: Record<string, unknown> & { data: Record<string, string>; actions?: { action: string }[] };
}

function boot(answer: () => Promise<{ status: number; json: () => Promise<unknown> }>) {
  const listeners = new Map<string, (e: unknown) => void>();
  const shown: Shown[] = [];
  const windows: { url: string; focus: ReturnType<typeof vi.fn>; navigate: ReturnType<typeof vi.fn> }[] = [];
  const fetch = vi.fn((_url: string, _init: unknown) => answer());
  const clients = { claim: vi.fn(async () => undefined), matchAll: vi.fn(async () => windows), openWindow: vi.fn(async (_url: string) => null) };
  const self = {
    location: { origin: ORIGIN },
    registration: { showNotification: vi.fn(async (title: string, options: Shown['options']) => void shown.push({ title, options })) },
    skipWaiting: vi.fn(),
    addEventListener: (type: string, fn: (e: unknown) => void) => listeners.set(type, fn),
  };
  runInNewContext(source, { self, clients, fetch, URL, console });
  const dispatch = async (type: string, event: Record<string, unknown>) => {
    const pending: Promise<unknown>[] = [];
    listeners.get(type)!({ ...event, waitUntil: (p: Promise<unknown>) => pending.push(p) });
    await Promise.all(pending);
  };
  return { self, shown, windows, fetch, clients, dispatch };
}

const page = {
  title: '[SEV-1] #42 Checkout is down',
  body: 'Checkout API returns 503.',
  url: `${ORIGIN}/incidents/inc_1`,
  ackUrl: `${ORIGIN}/act/tok-ack`,
  resolveUrl: `${ORIGIN}/act/tok-res`,
  tag: 'inc_1',
  kind: 'page',
};
const ok = (outcome: string) => async () => ({ status: 200, json: async () => ({ outcome }) });

describe('service worker', () => {
  let sw: ReturnType<typeof boot>;
  beforeEach(() => {
    sw = boot(ok('done'));
  });
  const shownPage = async () => {
    await sw.dispatch('push', { data: { text: () => JSON.stringify(page) } });
    return sw.shown.at(-1)!;
  };
  const click = (action: string, data: Record<string, string>) => {
    const close = vi.fn();
    return sw.dispatch('notificationclick', { action, notification: { data, close } }).then(() => close);
  };

  it('shows a page as a notification that rings, stays, and offers Acknowledge and Resolve', async () => {
    const n = await shownPage();
    expect(n.title).toBe(page.title);
    expect(n.options).toMatchObject({ body: page.body, tag: 'inc_1', renotify: true, requireInteraction: true });
    expect(n.options.actions!.map((a) => a.action)).toEqual(['acknowledge', 'resolve']);
    expect(n.options.data).toEqual({ url: page.url, ackUrl: page.ackUrl, resolveUrl: page.resolveUrl, tag: 'inc_1' });
  });

  it('a notice is quiet and has no buttons without links; a body that is not JSON is still shown', async () => {
    await sw.dispatch('push', { data: { text: () => JSON.stringify({ title: 'Resolved', body: 'x', tag: 'inc_1', kind: 'notice' }) } });
    expect(sw.shown.at(-1)!.options).toMatchObject({ renotify: false, requireInteraction: false, actions: [] });
    await sw.dispatch('push', { data: { text: () => 'plain words' } });
    expect(sw.shown.at(-1)).toMatchObject({ title: 'Tocsin', options: { body: 'plain words' } });
  });

  it('Acknowledge POSTs to the signed link asking for JSON, and says what happened in place of the page', async () => {
    const n = await shownPage();
    const close = await click('acknowledge', n.options.data);
    expect(close).toHaveBeenCalled();
    expect(sw.fetch.mock.calls).toEqual([[page.ackUrl, { method: 'POST', headers: { accept: 'application/json' } }]]);
    expect(sw.shown.at(-1)).toMatchObject({ title: 'Acknowledged', options: { body: 'Acknowledged: escalation stopped.', tag: 'inc_1', silent: true } });
  });

  it('Resolve uses the resolve link; someone faster is "already", not an error', async () => {
    sw = boot(ok('already'));
    await click('resolve', (await shownPage()).options.data);
    expect(sw.fetch.mock.calls[0]![0]).toBe(page.resolveUrl);
    expect(sw.shown.at(-1)!.options.body).toBe('Already resolved.');
  });

  it.each([
    [410, 'expired'],
    [403, 'expired'],
    [500, 'answered 500'],
  ])('an answer %i says nothing was done, and a tap then opens the incident', async (status, words) => {
    sw = boot(async () => ({ status, json: async () => ({}) }));
    await click('acknowledge', (await shownPage()).options.data);
    const n = sw.shown.at(-1)!;
    expect(n.title).toBe('Tocsin: not done');
    expect(n.options.body).toContain(words);
    expect(n.options.body).toContain('nothing was acknowledged');
    expect(n.options.data.url).toBe(page.url);
  });

  it('offline: nothing was done, said so', async () => {
    sw = boot(() => Promise.reject(new TypeError('Failed to fetch')));
    await click('acknowledge', (await shownPage()).options.data);
    expect(sw.shown.at(-1)!.options.body).toContain('Could not reach Tocsin');
  });

  it('a tap on the body opens the incident: focuses its window, reuses ours, or opens one', async () => {
    const data = (await shownPage()).options.data;
    await click('', data);
    expect(sw.clients.openWindow).toHaveBeenCalledWith(page.url);
    const ours = { url: `${ORIGIN}/incidents`, focus: vi.fn(), navigate: vi.fn(async () => null) };
    sw.windows.push(ours);
    await click('', data);
    expect(ours.navigate).toHaveBeenCalledWith(page.url);
    expect(ours.focus).toHaveBeenCalled();
    const same = { url: page.url, focus: vi.fn(), navigate: vi.fn() };
    sw.windows.unshift(same);
    await click('', data);
    expect(same.focus).toHaveBeenCalled();
    expect(sw.fetch).not.toHaveBeenCalled();
  });
});
