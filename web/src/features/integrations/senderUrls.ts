// Senders' other addresses (PagerDuty v1, Opsgenie heartbeats): one rule for the web app, the CLI and the routes (src/integrations/sender-urls.ts).
export { heartbeatPingUrl, pagerDutyV1Url } from '../../../../src/integrations/sender-urls';
