import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printSortedSchema } from '../src/graphql/schema.js';

describe('the committed schema', () => {
  it('schema.graphql is what the code serves', () => {
    const committed = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');
    expect(committed, 'schema.graphql is stale: run `npm run schema` and commit it').toBe(printSortedSchema());
  });
});
