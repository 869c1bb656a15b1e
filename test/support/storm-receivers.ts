import { answerAsTwilio, startWireServer, type WireServer } from './sms-wire.js';
import { spawnSmtpSink, type SmtpSink } from './smtp-sink.js';

// The receiving end of a paging storm: a real SMTP server process for email and a Twilio-like
// HTTP recorder for SMS (sms-wire.ts answerAsTwilio: it creates, lists and fetches messages as
// Twilio does, so the outbox can ask it about a send whose answer a kill cut off). Each message becomes a receipt naming the incident (by number), the
// recipient and the channel: what the storm counts, independently of Tocsin's own records.

export interface Receipt {
  channel: 'email' | 'sms';
  /** Email address or E.164 number. */
  to: string;
  /** The incident's number, from X-Tocsin-Incident (email) or "incident #N" in the text (SMS). */
  incident: number | null;
  /** Email: the Message-ID header (the same for a re-send of the same outbox message). */
  messageId: string | null;
  /** Real time (Date.now()) it arrived. */
  at: number;
}

export const TWILIO_SID = `AC${'5'.repeat(32)}`;

export interface Receivers {
  env: Record<string, string>;
  /** Status queries the SMS recorder answered (list or fetch). */
  smsReads(): number;
  receipts(): Receipt[];
  close(): Promise<void>;
}

const header = (raw: string, name: string): string | null => {
  const head = raw.split(/\r?\n\r?\n/, 1)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  return new RegExp(`^${name}:[ \\t]*(.+)$`, 'im').exec(head)?.[1]?.trim() ?? null;
};

/**
 * Starts both receivers; `env` is what points Tocsin's email and SMS channels at them. `clock` is
 * the time the SMS recorder stamps on messages: the servers' clock (real time plus the storm's
 * offset), as Twilio's and Tocsin's clocks agree in production.
 */
export async function startReceivers(clock: () => number = Date.now): Promise<Receivers> {
  const sink: SmtpSink = await spawnSmtpSink();
  const sms: WireServer = await startWireServer();
  const twilio = answerAsTwilio(sms, { clock });
  const receipts = (): Receipt[] => [
    ...sink.messages.flatMap((m) =>
      m.to.map((to) => {
        const n = header(m.raw, 'X-Tocsin-Incident');
        return { channel: 'email' as const, to, incident: n ? Number(n) : null, messageId: header(m.raw, 'Message-ID'), at: m.at };
      }),
    ),
    // Each message Twilio created (a status query is no receipt); `at` in real time, like email's.
    ...twilio.messages.map((m) => {
      const n = /incident #(\d+)/.exec(m.body)?.[1];
      return { channel: 'sms' as const, to: m.to, incident: n ? Number(n) : null, messageId: null, at: m.at };
    }),
  ];
  return {
    env: {
      TOCSIN_SMTP_URL: sink.url,
      TOCSIN_SMTP_FROM: 'Tocsin <pages@tocsin.example>',
      TOCSIN_SMTP_TIMEOUT_MS: '3000',
      TOCSIN_TWILIO_ACCOUNT_SID: TWILIO_SID,
      TOCSIN_TWILIO_AUTH_TOKEN: 'storm-auth-token',
      TOCSIN_TWILIO_FROM: '+15557654321',
      TOCSIN_TWILIO_BASE_URL: sms.base,
      TOCSIN_SMS_TIMEOUT_MS: '3000',
    },
    receipts,
    smsReads: () => twilio.reads.length,
    close: async () => {
      await sink.close();
      await sms.close();
    },
  };
}
