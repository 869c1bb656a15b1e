// Where senders post besides a key's own endpoint: PagerDuty's v1 path beside v2's, and Opsgenie's
// heartbeat pings. Pure, with no imports: the routes, the CLI and the web app's paste-in texts all
// build these addresses from here.

/** PagerDuty Events API v1, at PagerDuty's own path. */
export const PD_V1_PATH = '/generic/2010-04-15/create_event.json';

/** A PagerDuty key's v1 address, from its v2 endpoint (`…/v2/enqueue`). */
export const pagerDutyV1Url = (v2Endpoint: string): string => v2Endpoint.replace(/\/v2\/enqueue$/, PD_V1_PATH);

/**
 * Opsgenie's heartbeat ping under `base` (a server's address, with or without a trailing slash);
 * `segment` is the heartbeat's name as it goes in a URL (escaped), or a placeholder to show.
 */
export const heartbeatPingUrl = (base: string, segment: string): string => `${base.replace(/\/$/, '')}/v2/heartbeats/${segment}/ping`;
