import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertRules } from '../src/operations/alert-rules.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { scrape } from './helpers/metrics.js';

const RULES = 'deploy/prometheus/alerts.yml';
const DASHBOARD = 'deploy/grafana/dashboard.json';
const PROMTOOL = process.env.PROMTOOL_PATH ?? 'promtool';

let t: TestApp;
let served: Set<string>;

/** Metric names a PromQL expression reads; a histogram's series name its family. */
function metricNames(expr: string): string[] {
  return [...expr.matchAll(/\b((?:mm|nodejs|process)_[a-z0-9_]+)\b/g)].map(([name]) => name.replace(/_(bucket|sum|count)$/, ''));
}

beforeAll(async () => {
  t = await startTestApp('ops_deploy');
  served = new Set((await scrape(await t.listen())).map((f) => f.name));
});
afterAll(() => t?.close());

describe('what ships for Prometheus and Grafana', () => {
  it('the alert rules parse with promtool and hold every built-in rule', () => {
    const check = spawnSync(PROMTOOL, ['check', 'rules', RULES], { encoding: 'utf8' });
    expect(check.status, check.stderr + check.stdout).toBe(0);
    const text = readFileSync(RULES, 'utf8');
    const shipped = [...text.matchAll(/- alert: (\w+)/g)].map(([, name]) => name);
    const builtIn = alertRules(t.config.operations.alerts).map((r) => r.name);
    expect(shipped).toEqual(expect.arrayContaining(builtIn));
  });

  it('every metric the rules and the dashboard’s queries name exists in /metrics', () => {
    const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: Array<{ title: string; targets: Array<{ expr: string }> }> };
    const exprs = dashboard.panels.flatMap((p) => p.targets.map((target) => target.expr));
    exprs.push(...[...readFileSync(RULES, 'utf8').matchAll(/expr: \|?\s*([\s\S]*?)\n\s+for:/g)].map(([, expr]) => expr!));
    const named = new Set(exprs.flatMap(metricNames));
    expect(named.size).toBeGreaterThan(25);
    expect([...named].filter((name) => !served.has(name))).toEqual([]);
    expect(dashboard.panels.every((p) => p.targets.length > 0)).toBe(true);
  });
});
