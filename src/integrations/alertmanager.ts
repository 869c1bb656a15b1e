import { atPath, clip, DEFAULT_MAPPING, severityWord, textOf, timeOf, type IntakeEvent, type WebhookMapping } from './model.js';
import { refused, type Parsed } from './pagerduty.js';

// Prometheus Alertmanager's webhook (payload version 4) and the generic JSON webhook with a
// per-key field mapping. No I/O.

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const strings = (v: unknown): Record<string, string> =>
  isObject(v) ? Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string')) : {};

/** One event per alert, tracked by its fingerprint: one POST may mix firing and resolved alerts. */
export function parseAlertmanager(body: unknown): Parsed<IntakeEvent[]> {
  if (!isObject(body)) return { ok: false, errors: ['the body must be a JSON object'] };
  if (body.version !== undefined && body.version !== '4') return { ok: false, errors: [`version must be "4" (Alertmanager's webhook payload), got ${JSON.stringify(body.version)}`] };
  if (!Array.isArray(body.alerts)) return { ok: false, errors: ['alerts must be an array'] };
  const errors: string[] = [];
  const events = body.alerts.flatMap((a: unknown, i): IntakeEvent[] => {
    if (!isObject(a)) return refused(errors, `alerts[${i}] must be an object`);
    if (typeof a.fingerprint !== 'string' || !a.fingerprint || a.fingerprint.length > 255) return refused(errors, `alerts[${i}].fingerprint is required (at most 255 characters)`);
    if (a.status !== 'firing' && a.status !== 'resolved') return refused(errors, `alerts[${i}].status must be firing or resolved`);
    const labels = strings(a.labels);
    const annotations = strings(a.annotations);
    const generatorURL = typeof a.generatorURL === 'string' && a.generatorURL ? a.generatorURL : null;
    const summary = annotations.summary ?? annotations.description ?? labels.alertname ?? `Alert ${a.fingerprint}`;
    return [
      {
        action: a.status === 'firing' ? 'trigger' : 'resolve',
        dedup_key: a.fingerprint,
        summary: clip(summary),
        severity: severityWord(labels.severity),
        started_at: timeOf(a.startsAt),
        details: { labels, annotations, ...(generatorURL ? { generatorURL, links: [{ href: generatorURL, text: 'Source' }] } : {}), ...(typeof body.externalURL === 'string' ? { client_url: body.externalURL, client: 'Alertmanager' } : {}) },
      },
    ];
  });
  return errors.length ? { ok: false, errors } : { ok: true, value: events };
}

/** A generic JSON event, read through the key's mapping; `fallbackKey` when no dedup key is found. */
export function parseWebhook(body: unknown, mapping: WebhookMapping | null, fallbackKey: string): Parsed<IntakeEvent> {
  const m = { ...DEFAULT_MAPPING, ...mapping };
  if (!isObject(body) && !Array.isArray(body)) return { ok: false, errors: ['the body must be a JSON object'] };
  const summary = textOf(atPath(body, m.summary));
  if (!summary) return { ok: false, errors: [`no summary at ${m.summary} (the key's mapping says where it is)`] };
  const status = textOf(atPath(body, m.status))?.toLowerCase() ?? null;
  const resolves = status !== null && m.resolve_values.map((v) => v.toLowerCase()).includes(status);
  const ack = status !== null && (m.acknowledge_values ?? []).map((v) => v.toLowerCase()).includes(status);
  const dedup = textOf(atPath(body, m.dedup_key));
  if (!dedup && (resolves || ack)) return { ok: false, errors: [`no dedup key at ${m.dedup_key}: a ${resolves ? 'resolve' : 'acknowledgement'} must name its alert`] };
  return {
    ok: true,
    value: {
      action: resolves ? 'resolve' : ack ? 'acknowledge' : 'trigger',
      dedup_key: dedup ? dedup.slice(0, 255) : fallbackKey,
      summary: clip(summary),
      severity: severityWord(atPath(body, m.severity)),
      started_at: null,
      details: { payload: body },
    },
  };
}
