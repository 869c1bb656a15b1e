import type { FastifyRequest } from 'fastify';
import { ForbiddenError, NotFoundError } from '../core/errors.js';
import type { App, Kernel, PublicRoutes } from '../core/module.js';
import { markDelivered, markUndelivered } from '../core/outbox/index.js';
import { transferCall, VONAGE_VOICE_PATH } from './providers/vonage-voice.js';
import { actOnKey, machineNote, noteOnIncident } from './voice-answer.js';
import { actedNcco, callEvent, callNcco, endNcco, inputTurn, voicemailNcco, type NccoAction } from './voice-ncco.js';
import { voiceSettings, type VonageVoiceSettings } from './voice-settings.js';
import { findVoiceCall, type VoiceCall } from './voice-store.js';
import { webhookJwtProblem } from './vonage-jwt.js';

type CallRequest = FastifyRequest<{ Params: { id: string }; Querystring: { round?: string } }>;
type Body = Record<string, unknown>;

const settingsOf = new WeakMap<Kernel, { vonage: VonageVoiceSettings | null; timeoutMs: number }>();
function settings(kernel: Kernel) {
  let s = settingsOf.get(kernel);
  if (!s) settingsOf.set(kernel, (s = voiceSettings(kernel.config.env)));
  return s;
}

/**
 * Every request here must carry Vonage's JWT (HS256 under the signature secret, over this very
 * body, issued within five minutes); a forged or replayed one is refused (403) before anything is
 * read or changed. Without a Vonage application configured the routes do not exist (404).
 */
async function verified(kernel: Kernel, req: CallRequest): Promise<{ body: Body; call: VoiceCall | undefined; vonage: VonageVoiceSettings }> {
  const vonage = settings(kernel).vonage;
  if (!vonage) throw new NotFoundError('Vonage voice', 'not configured');
  const raw = typeof req.body === 'string' ? req.body : '';
  const problem = webhookJwtProblem(vonage.signatureSecret, req.headers.authorization, raw, Math.floor(kernel.clock.now().getTime() / 1000));
  if (problem) {
    req.log.warn({ url: req.url, problem }, 'voice: refused a Vonage callback that is not signed by Vonage');
    throw new ForbiddenError(`Bad Vonage signature: ${problem}`);
  }
  let body: Body = {};
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Body;
  } catch {
    // Signed but not JSON: treated as saying nothing (no key, no status).
  }
  return { body, call: await findVoiceCall(kernel.db.kysely, req.params.id), vonage };
}

const inputUrl = (kernel: Kernel, id: string) => `${kernel.config.publicUrl}${VONAGE_VOICE_PATH}/${encodeURIComponent(id)}/input`;
const roundOf = (req: CallRequest) => Math.max(1, Number.parseInt(req.query.round ?? '', 10) || 1);

/** The call was answered: say the page and offer the keys (a machine is told apart by a later event). */
async function answered(kernel: Kernel, req: CallRequest): Promise<NccoAction[]> {
  const { call } = await verified(kernel, req);
  if (!call) return endNcco('gone');
  return callNcco(call.payload.content, inputUrl(kernel, call.id), 1);
}

/** A key, or none before the input timed out. */
async function input(kernel: Kernel, req: CallRequest): Promise<NccoAction[]> {
  const { body, call } = await verified(kernel, req);
  if (!call) return endNcco('gone');
  const dtmf = body.dtmf as { digits?: unknown } | string | undefined;
  const digits = typeof dtmf === 'string' ? dtmf : typeof dtmf?.digits === 'string' ? dtmf.digits : undefined;
  const round = roundOf(req);
  const turn = inputTurn(digits || undefined, round);
  // A key pressed is a person on the line: the page reached them.
  if (digits) await markDelivered(kernel.db.kysely, { id: call.id }, kernel.clock.now().getTime());
  if ('again' in turn) return callNcco(call.payload.content, inputUrl(kernel, call.id), turn.again);
  if ('end' in turn) {
    if (turn.end === 'no-key') req.log.warn({ message: call.id, incident: call.payload.content.incident?.id }, 'voice: no key pressed; the page stays open');
    return endNcco(turn.end);
  }
  const r = await actOnKey(kernel, call, turn.act, req.log);
  return actedNcco(turn.act, r.outcome, r.status);
}

/** A call's status: a person (delivered), a machine (told it did not acknowledge), or not reached (a failure receipt). */
async function event(kernel: Kernel, req: CallRequest): Promise<void> {
  const { body, call, vonage } = await verified(kernel, req);
  const e = callEvent(body.status);
  const log = { message: req.params.id, uuid: body.uuid, status: body.status, incident: call?.payload.content.incident?.id };
  if (!call || e.kind === 'other') return void req.log.debug(log, 'voice: Vonage call event');
  const now = kernel.clock.now().getTime();
  if (e.kind === 'human') return void (await markDelivered(kernel.db.kysely, { id: call.id }, now));
  if (e.kind === 'not-reached') {
    req.log.warn(log, `voice: page call not answered: ${e.note}`);
    // A failure receipt: paging puts it on the incident and tries the person's next way of being reached.
    return void (await markUndelivered(kernel.db.kysely, { id: call.id }, `voice call not answered: ${e.note}`, now));
  }
  req.log.warn(log, 'voice: page reached an answering machine; leaving a message, NOT acknowledged (the escalation goes on)');
  await noteOnIncident(kernel, call, machineNote(call), req.log);
  if (typeof body.uuid === 'string') {
    await transferCall(vonage, body.uuid, voicemailNcco(call.payload.content), kernel.clock, settings(kernel).timeoutMs).catch((err: Error) =>
      req.log.warn({ ...log, err: err.message }, 'voice: could not move the call to the voicemail message; it hears the page, which cannot acknowledge'),
    );
  }
}

function register(app: App, kernel: Kernel): void {
  void app.register(async (scope) => {
    // The JWT's payload_hash covers the raw body: it is kept as sent and parsed after the check.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 64_000 }, (_req, body, done) => done(null, body));
    const opts = { schema: { hide: true }, config: { public: true } };
    scope.post(`${VONAGE_VOICE_PATH}/:id/answer`, opts, async (req) => answered(kernel, req as CallRequest));
    scope.post(`${VONAGE_VOICE_PATH}/:id/input`, opts, async (req) => input(kernel, req as CallRequest));
    scope.post(`${VONAGE_VOICE_PATH}/:id/event`, opts, async (req, reply) => {
      await event(kernel, req as CallRequest);
      return reply.code(204).send();
    });
  });
}

/** The routes Vonage calls during a voice page: the call's words (NCCO), the key press, the call's events. */
export const vonageVoiceRoutes: PublicRoutes = { prefix: VONAGE_VOICE_PATH, auth: 'none', register };
