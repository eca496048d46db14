/** The parts of a V8 `.cpuprofile` (node --cpu-prof) that a self-time summary needs. */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Where a function comes from: the package under node_modules, our own file, or Node/V8. */
function origin(url: string): string {
  if (!url) return '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return url;
  const own = /\/(dist|src)\/(.*)$/.exec(url);
  return own ? `${own[1]}/${own[2]}` : url.split('/').slice(-2).join('/');
}

/**
 * Self time per function (within `window`, when given: the measured phase) and per origin (package or file), busiest first, as markdown
 * tables; idle and GC are shown apart so that percentages are of the busy time.
 */
export function summarize(profile: CpuProfile, top = 25, window: { fromUs: number; toUs: number } | null = null): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  // Sample times are V8's monotonic clock in µs, the clock of process.hrtime (CLOCK_MONOTONIC).
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (window && (at < window.fromUs || at > window.toUs)) continue;
    const id = profile.samples[i]!;
    selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  }
  const fn = new Map<string, number>();
  const org = new Map<string, number>();
  // Every sample charged to the nearest of our own functions on its stack (with its caller of ours): which of our code led to the time.
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const ours = new Map<string, number>();
  let idle = 0;
  let busy = 0;
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)' || functionName === '(program)') {
      idle += us;
      continue;
    }
    busy += us;
    const chain: string[] = [];
    for (let at: number | undefined = id; at !== undefined && chain.length < 2; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      const own = /\/(dist|src)\/(.*)$/.exec(frame.url);
      if (own && !frame.url.includes('node_modules')) chain.push(`${frame.functionName || '(anonymous)'} ${own[2]}:${frame.lineNumber + 1}`);
    }
    const path = chain.length > 0 ? chain.reverse().join(' → ') : '(none of ours on the stack)';
    ours.set(path, (ours.get(path) ?? 0) + us);
    const key = `${functionName || '(anonymous)'} ${origin(url)}${url ? `:${lineNumber + 1}` : ''}`;
    fn.set(key, (fn.get(key) ?? 0) + us);
    const o = functionName === '(garbage collector)' ? '(garbage collector)' : origin(url);
    org.set(o, (org.get(o) ?? 0) + us);
  }
  const rows = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => `| ${k.replace(/\|/g, '\\|')} | ${(us / 1000).toFixed(0)} | ${((us / busy) * 100).toFixed(1)} |`)
      .join('\n');
  const wall = window ? (window.toUs - window.fromUs) / 1000 : (profile.endTime - profile.startTime) / 1000;
  return [
    `wall ${(wall / 1000).toFixed(1)} s, busy ${(busy / 1000).toFixed(0)} ms, idle/program ${(idle / 1000).toFixed(0)} ms`,
    '',
    '| origin | self ms | % of busy |',
    '| --- | --- | --- |',
    rows(org),
    '',
    '| function | self ms | % of busy |',
    '| --- | --- | --- |',
    rows(fn),
    '',
    '| our code on the stack (caller → nearest) | ms | % of busy |',
    '| --- | --- | --- |',
    rows(ours),
  ].join('\n');
}
