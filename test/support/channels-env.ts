/**
 * Email, SMS and voice configured, pointing nowhere (a closed port: a send fails and is retried),
 * for tests that add contact methods and read their codes from the outbox: a method is refused
 * on a channel the server has not configured, since no code could reach it.
 */
export const CHANNELS_TO_NOWHERE: Record<string, string> = {
  TOCSIN_SMTP_URL: 'smtp://127.0.0.1:9',
  TOCSIN_TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
  TOCSIN_TWILIO_AUTH_TOKEN: 'test-auth-token',
  TOCSIN_TWILIO_FROM: '+15550000000',
  TOCSIN_TWILIO_BASE_URL: 'http://127.0.0.1:9',
};
