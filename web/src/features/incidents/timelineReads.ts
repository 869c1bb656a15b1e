// Reading the timeline on from what is held: one rule for the web app and the CLI (src/incidents/timeline-reads.ts).
export { readOnward } from '../../../../src/incidents/timeline-reads';
