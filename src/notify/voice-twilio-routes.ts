import type { FastifyRequest } from 'fastify';
import { ForbiddenError, NotFoundError } from '../core/errors.js';
import type { App, Kernel, PublicRoutes } from '../core/module.js';
import { markDelivered, markUndelivered } from '../core/outbox/index.js';
import { TWILIO_VOICE_PATH } from './providers/twilio-voice.js';
import { twilioSettings } from './twilio-settings.js';
import { validTwilioSignature } from './twilio-signature.js';
import { answerKey, machineNote, noteOnIncident } from './voice-answer.js';
import { findVoiceCall, type VoiceCall } from './voice-store.js';
import { callStatusNote, callTwiml, goneTwiml, isMachine, MENU_ROUNDS, voicemailTwiml } from './voice-twiml.js';

type Form = Record<string, string | string[]>;
type CallRequest = FastifyRequest<{ Params: { id: string }; Querystring: { round?: string } }>;

const one = (form: Form, name: string): string | undefined => {
  const v = form[name];
  return Array.isArray(v) ? v[0] : v;
};

function parseForm(body: string): Form {
  const form: Form = {};
  for (const [k, v] of new URLSearchParams(body)) {
    const had = form[k];
    form[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
  }
  return form;
}

/**
 * Every request here must carry Twilio's signature of TOCSIN_PUBLIC_URL + path + query and the
 * posted fields; a forged one is refused (403) before anything is read or changed. Without a
 * Twilio account configured the routes do not exist (404).
 */
async function verified(kernel: Kernel, req: CallRequest): Promise<{ form: Form; call: VoiceCall | undefined }> {
  const settings = twilioSettings(kernel.config.env);
  if (!settings) throw new NotFoundError('Twilio voice', 'not configured');
  const form = typeof req.body === 'string' ? parseForm(req.body) : {};
  const signature = req.headers['x-twilio-signature'];
  const url = kernel.config.publicUrl + req.url;
  if (!validTwilioSignature(settings.authToken, typeof signature === 'string' ? signature : undefined, url, form)) {
    req.log.warn({ url }, 'voice: refused a Twilio callback with a bad signature');
    throw new ForbiddenError('Bad Twilio signature');
  }
  return { form, call: await findVoiceCall(kernel.db.kysely, req.params.id) };
}

const callUrls = (kernel: Kernel, id: string, round: number) => {
  const base = `${kernel.config.publicUrl}${TWILIO_VOICE_PATH}/${encodeURIComponent(id)}`;
  return { gatherUrl: `${base}/gather`, nextRoundUrl: round < MENU_ROUNDS ? `${base}?round=${round + 1}` : null };
};

/** The call was answered: by a person (say the page, offer the keys) or a machine (leave word, no ack). */
async function answered(kernel: Kernel, req: CallRequest): Promise<string> {
  const { form, call } = await verified(kernel, req);
  if (!call) return goneTwiml();
  const answeredBy = one(form, 'AnsweredBy');
  const round = Math.max(1, Math.min(MENU_ROUNDS, Number(req.query.round) || 1));
  const log = { message: call.id, callSid: one(form, 'CallSid'), answeredBy, incident: call.payload.content.incident?.id };
  if (isMachine(answeredBy)) {
    req.log.warn(log, 'voice: page reached an answering machine; left a message, NOT acknowledged (the escalation goes on)');
    await noteOnIncident(kernel, call, machineNote(call), req.log);
    return voicemailTwiml(call.payload.content);
  }
  // A person picked up: that is a delivery receipt (the first round only; later rounds are the same call).
  if (round === 1) await markDelivered(kernel.db.kysely, { id: call.id }, kernel.clock.now().getTime());
  return callTwiml({ content: call.payload.content, ...callUrls(kernel, call.id, round) });
}

async function gathered(kernel: Kernel, req: CallRequest): Promise<string> {
  const { form, call } = await verified(kernel, req);
  if (!call) return goneTwiml();
  const digits = one(form, 'Digits');
  const twiml = await answerKey(kernel, call, digits, req.log);
  return twiml ?? callTwiml({ content: call.payload.content, ...callUrls(kernel, call.id, 1) });
}

/** Twilio's final word on the call. Not reached is logged loudly; `completed` needs nothing. */
async function finished(kernel: Kernel, req: CallRequest): Promise<string> {
  const { form, call } = await verified(kernel, req);
  const status = one(form, 'CallStatus');
  const note = callStatusNote(status);
  const log = { message: req.params.id, callSid: one(form, 'CallSid'), status, answeredBy: one(form, 'AnsweredBy'), incident: call?.payload.content.incident?.id };
  if (note) {
    req.log.warn(log, `voice: page call not answered: ${note}`);
    // A failure receipt: paging puts it on the incident and tries the person's next way of being reached.
    if (call) await markUndelivered(kernel.db.kysely, { id: call.id }, `voice call not answered: ${note}`, kernel.clock.now().getTime());
  } else req.log.info(log, 'voice: page call ended');
  return '<?xml version="1.0" encoding="UTF-8"?><Response/>';
}

function register(app: App, kernel: Kernel): void {
  void app.register(async (scope) => {
    // Twilio posts application/x-www-form-urlencoded; the signature covers the raw fields.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 64_000 }, (_req, body, done) => done(null, body));
    const handlers = { '': answered, '/gather': gathered, '/status': finished };
    for (const [suffix, handler] of Object.entries(handlers)) {
      scope.post(`${TWILIO_VOICE_PATH}/:id${suffix}`, { schema: { hide: true }, config: { public: true } }, async (req, reply) => {
        const twiml = await handler(kernel, req as CallRequest);
        return reply.code(200).type('text/xml; charset=utf-8').send(twiml);
      });
    }
  });
}

/** The routes Twilio calls during a voice page: the call's TwiML, the key press, the final status. */
export const twilioVoiceRoutes: PublicRoutes = { prefix: TWILIO_VOICE_PATH, auth: 'none', register };
