// TCP checks: up when the connection opens (latency = connect time), then closed at once.
import { connect } from 'node:net';
import type { CheckOutcome, TcpSpec } from '../model.js';
import { elapsedMs, upOutcome, withDeadline, type CheckOptions } from './outcome.js';

export function checkTcp(spec: TcpSpec, opts: CheckOptions): Promise<CheckOutcome> {
  return withDeadline(opts, spec.host, (cut, started) => {
    return new Promise<CheckOutcome>((resolve, reject) => {
      const socket = connect({ host: spec.host, port: spec.port });
      cut.onCut(() => socket.destroy());
      socket.once('connect', () => {
        const latency = elapsedMs(started);
        socket.destroy();
        resolve(upOutcome(latency));
      });
      socket.once('error', reject);
    });
  });
}
