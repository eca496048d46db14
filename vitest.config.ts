import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql ships .mjs and .js copies; two of them in one process break instanceof checks
    // ("Cannot use GraphQLScalarType from another module or realm").
    alias: { graphql: require.resolve('graphql/index.js') },
  },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Each file has its own database and Redis prefix, so files run in parallel.
    fileParallelism: true,
    maxWorkers: 4,
  },
});
