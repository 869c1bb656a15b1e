import type { AddressInfo } from 'node:net';
import { beforeAll, expect, it } from 'vitest';
import type { ChannelPayload } from '../../src/notify/content.js';
import { findMessageByKey } from '../../src/core/outbox/index.js';
import { runTocsin } from '../support/cli-entry.js';
import { CHANNELS_TO_NOWHERE } from '../support/channels-env.js';
import { describeEachDatabase } from '../support/harness.js';

// `tocsin contact|rule|test-page|readiness` as people run them: child processes against the
// harness's app on loopback, acting as one responder.

const SLOW = 180_000;

describeEachDatabase('tocsin contact, rule, test-page and readiness', (h) => {
  const env: Record<string, string> = {};
  const cli = (...args: string[]) => runTocsin(args, env);
  let ana: { id: string; name: string; email: string };

  beforeAll(async () => {
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    env.TOCSIN_URL = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
    const me = await h.actor('responder');
    ana = me;
    env.TOCSIN_TOKEN = me.token;
  });

  it('adds, verifies and lists a method, manages rules, sends a test page and tells readiness', async () => {
    const added = await cli('contact', 'add', 'sms', '07911 123456', '--country', 'GB', '--label', 'Phone', '--json');
    expect(added.code, added.stderr).toBe(0);
    const m = JSON.parse(added.stdout) as { id: string; address: string };
    expect(m.address).toBe('+447911123456');
    const code = (await findMessageByKey<ChannelPayload>(h.db.kysely, `verify:${m.id}:1`))!.payload.content.code!;

    const wrongCode = await cli('contact', 'verify', m.id, code === '000000' ? '111111' : '000000');
    expect(wrongCode.code).toBe(1);
    expect(wrongCode.stderr.trim()).toBe('tocsin: code is wrong; 4 attempts left');
    const ok = await cli('contact', 'verify', m.id, code);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('Verified sms +447911123456');

    const list = await cli('contact', 'list');
    expect(list.stdout).toMatch(new RegExp(`${m.id}\\s+sms\\s+\\+447911123456\\s+Phone\\s+verified`));
    const rules = await cli('rule', 'list');
    expect(rules.stdout).toMatch(/high\s+0 min\s+sms/);
    const rule = await cli('rule', 'add', '--method', m.id, '--urgency', 'high', '--delay', '5', '--json');
    expect(rule.code, rule.stderr).toBe(0);
    const ruleId = JSON.parse(rule.stdout).id as string;
    expect((await cli('rule', 'remove', ruleId)).stdout).toContain(`Removed ${ruleId}`);

    const page = await cli('test-page');
    expect(page.code, page.stderr).toBe(0);
    expect(page.stdout).toContain('Test page queued on sms');

    const ready = await cli('readiness', '--user', ana.email);
    expect(ready.code, ready.stderr).toBe(0);
    // A verified phone and the rules its verification added (contacts-readiness.test.ts: why not).
    expect(ready.stdout).toContain('high: reachable, first after 0 min');
    expect(JSON.parse((await cli('readiness', '--json')).stdout)).toMatchObject({ user_id: ana.id, high: { reachable: true } });
  }, SLOW);

  it('refuses bad input in one line naming the field or the argument', async () => {
    const bad = await cli('contact', 'add', 'email', 'not-an-email');
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe('tocsin: address must be an email address');
    const channel = await cli('contact', 'add', 'pigeon', 'x');
    expect(channel.code).toBe(2);
    expect(channel.stderr).toContain("argument 'channel'. Use one of email, sms, voice, chat");
    const delay = await cli('rule', 'add', '--method', 'cm_x', '--urgency', 'high', '--delay', '2000');
    expect(delay.code).toBe(2);
    expect(delay.stderr).toContain('--delay');
  }, SLOW);

  it('`tocsin channels` shows an admin how each channel is set up; a responder is refused', async () => {
    const refused = await cli('channels');
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toMatch(/^tocsin: .*admin/i);
    const admin = await h.actor('admin');
    const asAdmin = { ...env, TOCSIN_TOKEN: admin.token };
    const shown = await runTocsin(['channels'], asAdmin);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain('Public URL: not set (TOCSIN_PUBLIC_URL)');
    expect(shown.stdout).toMatch(/sms {2}configured\n {2}twilio, from \+15550000000\n {2}twilio: the sending number’s “A message comes in” webhook \(HTTP POST\): replies\n {4}http:\/\/localhost:\d+\/notify\/twilio\/sms/);
    expect(shown.stdout).toContain('SMTP smtp://127.0.0.1:9');
    expect(shown.stdout).not.toContain('test-auth-token');
    const json = JSON.parse((await runTocsin(['channels', '--json'], asAdmin)).stdout) as { public_url_set: boolean; items: { channel: string; configured: boolean }[] };
    expect(json.public_url_set).toBe(false);
    expect(json.items.map((c) => [c.channel, c.configured])).toEqual([['email', true], ['sms', true], ['voice', true], ['push', true], ['chat', true]]);
  }, SLOW);

  it('`tocsin channels test` sends through one provider and waits for its answer: here a refusal, exit 1', async () => {
    const admin = await h.actor('admin');
    const asAdmin = { ...env, TOCSIN_TOKEN: admin.token };
    // The harness runs no dispatcher of its own: turn the engine while the command waits.
    const running = runTocsin(['channels', 'test', 'sms', '--provider', 'twilio', '--to', '+44 7911 123456'], asAdmin);
    let done = false;
    void running.finally(() => (done = true));
    while (!done) {
      await h.kernel.engine.runOnce();
      await new Promise((r) => setTimeout(r, 100));
    }
    const r = await running;
    expect(r.code, r.stderr).toBe(1);
    // CHANNELS_TO_NOWHERE points Twilio at port 9, which fetch refuses.
    expect(r.stderr.trim()).toMatch(/^tocsin: twilio did not take the test SMS to \+447911123456: twilio: fetch failed/);
    const bad = await runTocsin(['channels', 'test', 'sms', '--provider', 'vonage', '--to', '+447911123456'], asAdmin);
    expect([bad.code, bad.stderr.trim()]).toEqual([1, 'tocsin: provider must be one of the sms providers configured here (twilio), got "vonage"']);
    const usage = await runTocsin(['channels', 'test', 'fax', '--provider', 'twilio', '--to', '+447911123456'], asAdmin);
    expect(usage.code).toBe(2);
  }, SLOW);
}, { env: CHANNELS_TO_NOWHERE });
