import { fileURLToPath } from 'node:url';
import { parseDependencyTree, shortenTree } from 'dpdm';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const MAX_LISTED = 50;

/** src/ modules and the src/ modules each imports, `import type` and `export … from` included. */
async function importGraph(): Promise<Map<string, string[]>> {
  // transform: false keeps type-only imports; dpdm resolves `./x.js` to `./x.ts` through tsconfig.json.
  const tree = await parseDependencyTree('src/**/*.ts', { context: root, tsconfig: 'tsconfig.json', transform: false });
  const graph = new Map<string, string[]>();
  for (const [file, dependencies] of Object.entries(shortenTree(root, tree))) {
    if (!file.startsWith('src/') || !dependencies) continue;
    const targets = dependencies.map((d) => d.id).filter((id): id is string => id !== null && id.startsWith('src/'));
    graph.set(file, [...new Set(targets)].sort());
  }
  return graph;
}

/**
 * Every elementary cycle, each once: it starts at its alphabetically first module. dpdm's own
 * `parseCircular` stops at the first cycle through a module, so it would hide some.
 */
function elementaryCycles(graph: Map<string, string[]>): string[][] {
  const modules = [...graph.keys()].sort();
  const rank = new Map(modules.map((m, i) => [m, i]));
  const cycles: string[][] = [];
  for (const start of modules) {
    const path = [start];
    const walk = (from: string) => {
      for (const to of graph.get(from) ?? []) {
        if (cycles.length >= MAX_LISTED) return;
        if (to === start) cycles.push([...path, start]);
        else if (rank.get(to)! > rank.get(start)! && !path.includes(to)) {
          path.push(to);
          walk(to);
          path.pop();
        }
      }
    };
    walk(start);
  }
  return cycles;
}

describe('module structure', () => {
  it('no module under src/ imports itself through others (type-only imports count)', async () => {
    const graph = await importGraph();
    expect(graph.size).toBeGreaterThan(10);
    const cycles = elementaryCycles(graph);
    const listing = cycles.map((cycle, i) => `  ${i + 1}. ${cycle.map((m) => m.replace(/^src\//, '')).join(' → ')}`).join('\n');
    const more = cycles.length >= MAX_LISTED ? `\n  (only the first ${MAX_LISTED} are listed)` : '';
    expect(cycles.length, `import cycles under src/:\n${listing}${more}\n`).toBe(0);
  });
});
