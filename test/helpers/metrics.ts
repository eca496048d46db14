import parsePrometheusTextFormat, { type PrometheusFamily } from 'parse-prometheus-text-format';

/** GET /metrics parsed by a Prometheus text-format parser (throws on a body it cannot read). */
export async function scrape(baseUrl: string, token?: string): Promise<PrometheusFamily[]> {
  const response = await fetch(`${baseUrl}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!response.ok) throw new Error(`/metrics answered ${response.status}`);
  return parsePrometheusTextFormat(await response.text());
}

/** Sum of a counter's or gauge's samples whose labels include `labels`; a histogram's count. */
export function valueOf(families: PrometheusFamily[], name: string, labels: Record<string, string> = {}): number {
  const family = families.find((f) => f.name === name);
  if (!family) throw new Error(`no metric family ${name}`);
  return family.metrics
    .filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))
    .reduce((sum, m) => sum + Number(family.type === 'HISTOGRAM' ? m.count : m.value), 0);
}
