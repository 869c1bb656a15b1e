import { CliError, EXIT_USAGE } from './common.js';

// `--password-stdin`: a password piped in (scripts), or typed at a prompt that does not echo it
// (a person pasting the README's commands into a terminal).

/** What a terminal input needs for a hidden prompt; process.stdin on a TTY has it. */
export interface TtyInput extends NodeJS.EventEmitter {
  isTTY?: boolean;
  setRawMode?(raw: boolean): unknown;
  resume(): unknown;
  pause(): unknown;
  setEncoding(enc: BufferEncoding): unknown;
}

export interface Output {
  write(text: string): unknown;
}

const HOW = 'pipe it in, e.g. `printf %s "$PASSWORD" | tocsin user create ... --password-stdin`, or run the command in a terminal to be asked';

/** One line typed without echo. Ctrl-C and Ctrl-D give up; backspace works. */
export function promptHidden(question: string, input: TtyInput, output: Output): Promise<string> {
  return new Promise((resolve, reject) => {
    let typed = '';
    output.write(question);
    const done = (err: Error | null) => {
      input.removeListener('data', onData);
      input.setRawMode?.(false);
      input.pause();
      output.write('\n');
      if (err) reject(err);
      else resolve(typed);
    };
    const onData = (chunk: string | Buffer) => {
      for (const ch of String(chunk)) {
        if (ch === '\r' || ch === '\n') return done(null);
        if (ch === '\u0003' || ch === '\u0004') return done(new CliError('--password-stdin: no password given', EXIT_USAGE));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else if (ch >= ' ') typed += ch;
      }
    };
    input.setRawMode?.(true);
    input.setEncoding('utf8');
    input.on('data', onData);
    input.resume();
  });
}

/** The whole of a piped stdin, without the one trailing newline `echo` or a here-string adds. */
export async function readPiped(input: AsyncIterable<unknown>): Promise<string> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of input) chunks.push(Buffer.from(chunk as Buffer));
  } catch {
    // A closed or unreadable stdin reads as nothing.
  }
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/**
 * The password for `--password-stdin`: asked twice without echo on a terminal (the two must
 * match), read from stdin otherwise. Nothing at all is a usage error (exit 2) saying how.
 */
export async function readPassword(input: TtyInput & AsyncIterable<unknown> = process.stdin, output: Output = process.stderr): Promise<string> {
  if (input.isTTY) {
    const first = await promptHidden('Password: ', input, output);
    if (!first) throw new CliError('--password-stdin: no password given', EXIT_USAGE);
    const again = await promptHidden('Password (again): ', input, output);
    if (again !== first) throw new CliError('--password-stdin: the two passwords differ; nothing was created', EXIT_USAGE);
    return first;
  }
  const piped = await readPiped(input);
  if (!piped) throw new CliError(`--password-stdin: stdin is not a terminal and nothing was piped in; ${HOW}`, EXIT_USAGE);
  return piped;
}
