// Writes schema.graphql from the Pothos schema (`npm run schema`); `--check` fails when stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { printSortedSchema } from '../src/graphql/schema.js';

const path = new URL('../schema.graphql', import.meta.url);
const printed = printSortedSchema();
if (process.argv.includes('--check')) {
  const committed = readFileSync(path, 'utf8');
  if (committed !== printed) {
    console.error('schema.graphql is stale: run npm run schema');
    process.exit(1);
  }
} else {
  writeFileSync(path, printed);
}
