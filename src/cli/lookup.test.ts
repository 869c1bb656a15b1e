import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliError } from './common.js';
import { pickOne } from './lookup.js';
import { promptHidden, readPassword } from './password.js';

const users = { path: '/users', flag: '--user', idPrefix: 'usr_', noun: 'user' };
const grace = { id: 'usr_1', name: 'Grace', email: 'grace@example.com' };
const hopper = { id: 'usr_2', name: 'Grace Hopper', email: 'hopper@example.com' };

describe('naming things on the command line', () => {
  it('takes the exact name or email, case-insensitively, over partial matches', () => {
    expect(pickOne('GRACE', [grace, hopper], users)).toBe(grace);
    expect(pickOne('Hopper@Example.com', [grace, hopper], users)).toBe(hopper);
    expect(pickOne('hop', [hopper], users)).toBe(hopper);
  });

  it('refuses none or several with exit 2, naming the flag or the candidates', () => {
    const fail = (raw: string, from: typeof grace[]) => {
      try {
        pickOne(raw, from, users);
      } catch (err) {
        return err as CliError;
      }
      throw new Error('no error');
    };
    expect(fail('gr', [grace, hopper])).toMatchObject({ exitCode: 2, message: expect.stringMatching(/^option '--user': "gr" matches 2 users: Grace <grace@example.com> \(usr_1\), Grace Hopper/) });
    expect(fail('nobody', [])).toMatchObject({ exitCode: 2, message: `option '--user': no user matches "nobody"` });
    expect(fail('x@example.com', [grace, hopper]).message).toBe(`option '--user': no user matches "x@example.com"`);
  });
});

/** A stand-in terminal: what is written to it is "typed". */
function terminal() {
  const input = Object.assign(new PassThrough(), { isTTY: true, raw: false, setRawMode(raw: boolean) { input.raw = raw; } });
  let shown = '';
  return { input, output: { write: (t: string) => (shown += t) }, shown: () => shown };
}

describe('--password-stdin', () => {
  it('asks on a terminal without echo, in raw mode, with backspace', async () => {
    const t = terminal();
    const answer = promptHidden('Password: ', t.input, t.output);
    expect(t.input.raw).toBe(true);
    t.input.write('secrex\u007ft\r');
    expect(await answer).toBe('secret');
    expect(t.input.raw).toBe(false);
    expect(t.shown()).toBe('Password: \n');
  });

  it('asks twice and refuses two different passwords', async () => {
    const t = terminal();
    const answer = readPassword(t.input, t.output);
    t.input.write('password-1\r');
    await new Promise((r) => setTimeout(r, 10));
    t.input.write('password-2\r');
    await expect(answer).rejects.toThrow(/the two passwords differ/);
  });

  it('reads a pipe, dropping one trailing newline, and says how when it is empty', async () => {
    const piped = (text: string) => Object.assign(PassThrough.from([Buffer.from(text)]), { isTTY: false, setRawMode: undefined });
    expect(await readPassword(piped('s3cret pass\n'), { write: () => true })).toBe('s3cret pass');
    await expect(readPassword(piped('\n'), { write: () => true })).rejects.toThrow(/nothing was piped in; pipe it in/);
  });
});
