import { ValidationError } from '../../core/errors.js';

// Per-country routing for the channels that call or text a number (SMS, voice): a number
// prefix sent through one provider first, the rest of the failover order after it.

/** A phone number as every provider takes it: E.164, `+` and 7 to 15 digits. */
export const isE164 = (s: string): boolean => /^\+[1-9]\d{6,14}$/.test(s);

/** A country (or any number prefix) sent through one provider first: `+44=vonage`. */
export interface NumberRoute {
  prefix: string;
  provider: string;
}

/** The providers to try for a number: the longest matching route's first, then the failover order. */
export function providerOrder(to: string, order: readonly string[], routes: readonly NumberRoute[]): string[] {
  let best: NumberRoute | undefined;
  for (const r of routes) if (to.startsWith(r.prefix) && (!best || r.prefix.length > best.prefix.length)) best = r;
  return best ? [best.provider, ...order.filter((p) => p !== best.provider)] : [...order];
}

/**
 * The providers to try for one message: its number's route first, unless the message names a
 * provider in `details.provider` (an SMS reply going back the way it came: that one first; an
 * admin's test of one provider, `details.only`: that one alone). A name not configured is no
 * preference at all.
 */
export function messageOrder(to: string, details: Readonly<Record<string, unknown>> | undefined, order: readonly string[], routes: readonly NumberRoute[]): string[] {
  const routed = providerOrder(to, order, routes);
  const asked = details?.provider;
  if (typeof asked !== 'string' || !order.includes(asked)) return routed;
  return details?.only === true ? [asked] : [asked, ...routed.filter((n) => n !== asked)];
}

/**
 * `+44=vonage,+1=twilio` from the variable `name`; each provider must be one of `names` (the
 * configured ones), or the whole setting is refused by name: a route to nothing would be found
 * out at 3 AM.
 */
export function parseNumberRoutes(raw: string | undefined, name: string, names: readonly string[]): NumberRoute[] {
  if (!raw?.trim()) return [];
  return raw.split(',').map((entry) => {
    const m = /^\s*(\+\d{1,15})\s*=\s*([a-z]+)\s*$/.exec(entry);
    if (!m) throw new ValidationError(`${name} must be prefix=provider pairs like "+44=vonage,+1=twilio" (got "${entry.trim()}")`, name);
    if (!names.includes(m[2]!)) throw new ValidationError(`${name} names ${m[2]}, which is not a configured provider (${names.join(', ') || 'none'})`, name);
    return { prefix: m[1]!, provider: m[2]! };
  });
}
