// How the noise report names where alerts came from, in the web app and the CLI alike. Pure, and
// free of imports: the web app bundles it.

export interface NoiseSource {
  source: string;
  source_ref: string;
  source_name: string | null;
  service_name?: string | null;
}

/**
 * "Checkout: grafana (pagerduty)": the service first, since keys are often named alike on every
 * service; a key named for its type (the CLI's default name) once: "Checkout: pagerduty".
 */
export function noiseSourceLabel(r: NoiseSource): string {
  const name = r.source_name ?? (r.source_ref || r.source);
  const what = name === r.source ? name : `${name} (${r.source})`;
  return r.service_name ? `${r.service_name}: ${what}` : what;
}
