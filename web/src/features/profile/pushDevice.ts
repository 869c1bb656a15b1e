import { get, post } from '../../app/api';

/**
 * Whether this browser can take pages by push, and if not why, in words the person can act on.
 * iOS delivers Web Push only to a web app added to the home screen (iOS 16.4+), so Safari in a
 * tab says how to install rather than "unsupported".
 */
export type PushSupport = 'ready' | 'unsupported' | 'ios-install' | 'denied' | 'insecure';

export interface BrowserFacts {
  secure: boolean;
  serviceWorker: boolean;
  pushManager: boolean;
  notification: boolean;
  permission?: NotificationPermission;
  ios: boolean;
  standalone: boolean;
}

export function pushSupport(f: BrowserFacts): PushSupport {
  if (!f.secure) return 'insecure';
  if (f.ios && !f.standalone) return 'ios-install';
  if (!f.serviceWorker || !f.pushManager || !f.notification) return 'unsupported';
  if (f.permission === 'denied') return 'denied';
  return 'ready';
}

export function browserFacts(): BrowserFacts {
  const nav = navigator as Navigator & { standalone?: boolean };
  return {
    secure: window.isSecureContext,
    serviceWorker: 'serviceWorker' in navigator,
    pushManager: 'PushManager' in window,
    notification: 'Notification' in window,
    permission: 'Notification' in window ? Notification.permission : undefined,
    // iPadOS says it is a Mac; a Mac has no touch screen.
    ios: /iPhone|iPad|iPod/.test(navigator.userAgent) || (navigator.userAgent.includes('Mac') && navigator.maxTouchPoints > 1),
    standalone: nav.standalone === true || window.matchMedia('(display-mode: standalone)').matches,
  };
}

/** The VAPID key as PushManager.subscribe wants it (the API gives URL-safe base64). */
export function decodeKey(base64url: string): Uint8Array<ArrayBuffer> {
  const b64 = base64url.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (base64url.length % 4)) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Whether a subscription was made with this key (a server whose key changed needs a new one). */
export function sameKey(a: ArrayBuffer | null | undefined, b: Uint8Array): boolean {
  if (!a) return false;
  const x = new Uint8Array(a);
  return x.length === b.length && x.every((v, i) => v === b[i]);
}

/** The contact method for a subscription (helper CONTACTS' POST /users/me/contact-methods). */
export function contactMethodBody(sub: PushSubscriptionJSON) {
  if (!sub.endpoint || !sub.keys?.p256dh || !sub.keys.auth) throw new Error('The browser gave a subscription without keys.');
  return { channel: 'push', address: sub.endpoint, details: { keys: { p256dh: sub.keys.p256dh, auth: sub.keys.auth } }, label: 'This browser' };
}

/**
 * Asks permission (first, while the click still counts as a user gesture: Safari insists),
 * registers the service worker, subscribes with the server's key, and records the subscription
 * as the person's push contact method.
 */
export async function enablePush(): Promise<void> {
  if ((await Notification.requestPermission()) !== 'granted') throw new Error('Notifications were not allowed. Allow them in the browser’s site settings, then try again.');
  await navigator.serviceWorker.register('/sw.js', { scope: '/' });
  const reg = await navigator.serviceWorker.ready;
  const { public_key } = await get<{ public_key: string }>('/push/vapid-public-key');
  const key = decodeKey(public_key);
  let sub = await reg.pushManager.getSubscription();
  if (sub && !sameKey(sub.options.applicationServerKey, key)) {
    await sub.unsubscribe();
    sub = null;
  }
  sub ??= await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key }).catch((err: Error) => {
    // The browser's own words ("Registration failed - push service error") name no culprit.
    throw new Error(`This browser could not subscribe at its push service (${err.message}). Check that it can reach the internet, then try again.`);
  });
  await post('/users/me/contact-methods', contactMethodBody(sub.toJSON()));
}

/** Whether this browser holds a push subscription now (the server may still have dropped it). */
export async function hasSubscription(): Promise<boolean> {
  if (!('serviceWorker' in navigator)) return false;
  const reg = await navigator.serviceWorker.getRegistration('/');
  return Boolean(await reg?.pushManager.getSubscription());
}
