import type { Command } from 'commander';
import { CliError, EXIT_USAGE, intInRange } from '../cli/common.js';

// `tocsin probe`: the agent that checks a probe location's monitors from where it runs.
// Logs are JSON lines on stdout, like the server's.

interface ProbeFlags {
  server: string;
  token?: string;
  location: string;
  bufferDir?: string;
  maxInFlight: number;
  bufferMaxMb: number;
}

function serverUrl(raw: string): string {
  const ok = URL.canParse(raw) && /^https?:$/.test(new URL(raw).protocol);
  if (!ok) throw new CliError(`--server: use the server's http(s) address, e.g. https://tocsin.example.com, got "${raw}"`, EXIT_USAGE);
  return raw.replace(/\/+$/, '');
}

/** TOCSIN_MONITOR_TIME_SCALE, as the server reads it (tests only). */
function timeScale(env: NodeJS.ProcessEnv): number {
  const raw = env.TOCSIN_MONITOR_TIME_SCALE;
  if (raw === undefined || raw === '') return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new CliError(`TOCSIN_MONITOR_TIME_SCALE must be a whole number from 1 to 1000, got "${raw}"`, EXIT_USAGE);
  return n;
}

function logLevel(env: NodeJS.ProcessEnv): string {
  const level = env.TOCSIN_LOG_LEVEL || 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(level)) throw new CliError(`TOCSIN_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent`, EXIT_USAGE);
  return level;
}

export function probeCommand(program: Command): void {
  program
    .command('probe')
    .description('check a probe location\'s monitors from this machine and report to the server')
    .requiredOption('--server <url>', "the Tocsin server's address")
    .option('--token <token>', 'the location\'s probe token (default: $TOCSIN_PROBE_TOKEN)')
    .requiredOption('--location <name>', 'the probe location, as added on the server')
    .option('--buffer-dir <dir>', 'where results wait while the server is away (default ./probe-buffer-<location>)')
    .option('--max-in-flight <n>', 'checks at once, at most (default 256)', intInRange(1, 10_000), 256)
    .option('--buffer-max-mb <n>', 'disk the buffer may use; the oldest results go beyond it (default 500)', intInRange(1, 1_000_000), 500)
    .addHelpText(
      'after',
      `
Add the location on the server first (Monitors → Locations, or POST /api/v1/monitor-locations as
an admin); it shows the token once. The probe fetches its monitors every 15 s, checks them on
their slots, and posts the results. While the server is unreachable it keeps checking and
buffers the results on disk (fsync'd JSON lines), then delivers them oldest first. HTTP checks
carry the header X-Tocsin-Location: <location>. Logs are JSON lines on stdout
(TOCSIN_LOG_LEVEL). SIGINT or SIGTERM delivers or saves what is pending, then exits 0.
Example:
  tocsin probe --server https://tocsin.example.com --token tocsin_probe_… --location eu-west`,
    )
    .action(async (o: ProbeFlags) => {
      const token = (o.token ?? process.env.TOCSIN_PROBE_TOKEN ?? '').trim();
      if (!token) throw new CliError('--token: give the probe token (or set TOCSIN_PROBE_TOKEN); it was shown when the location was added', EXIT_USAGE);
      const location = o.location.trim();
      const server = serverUrl(o.server);
      const scale = timeScale(process.env);
      const { createLogger } = await import('../core/log.js');
      const { startProbe } = await import('./probe.js');
      const log = createLogger(logLevel(process.env)).child({ component: 'probe', location });
      const probe = await startProbe({
        server,
        token,
        location,
        bufferDir: o.bufferDir ?? `./probe-buffer-${location}`,
        maxInFlight: o.maxInFlight,
        maxBufferBytes: o.bufferMaxMb * 1024 * 1024,
        timeScale: scale,
        log,
      });
      const onSignal = (signal: NodeJS.Signals) => {
        log.info({ signal }, 'stopping');
        void probe.stop();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      try {
        await probe.done;
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}
