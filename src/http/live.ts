import type { LiveEvents } from './deps.js';

export function createLiveEvents(): LiveEvents {
  const subs = new Set<(topic: string, data: unknown) => void>();
  return {
    publish(topic, data) {
      for (const fn of subs) {
        try {
          fn(topic, data);
        } catch {
          // one broken subscriber must not stop the others
        }
      }
    },
    subscribe(fn) {
      subs.add(fn);
      return () => subs.delete(fn);
    },
  };
}
