// The timeline's folded runs: one rule for the web app and the CLI (src/incidents/timeline-folds.ts).
export { foldRuns, resolvedWhat, revisedWhat, runSentence, type TimelineLine } from '../../../../src/incidents/timeline-folds';
