import type { CodegenConfig } from '@graphql-codegen/cli';

// Types the operations that tests (and the benchmark client), the client kit and the web inbox
// send, from the committed SDL.
const config: CodegenConfig = {
  schema: 'schema.graphql',
  ignoreNoDocuments: true,
  emitLegacyCommonJSImports: false,
  generates: {
    'test/gql/': {
      documents: ['test/**/*.ts', 'bench/**/*.ts', '!test/gql/**'],
      preset: 'client',
      config: {
        scalars: { DateTime: 'string', ID: 'string', File: 'File' },
        enumsAsTypes: true,
        useTypeImports: true,
      },
      presetConfig: { fragmentMasking: false },
    },
    // The client kit's own operations (packages/client/) and the web inbox's (web/).
    'packages/client/src/gql/': {
      documents: ['packages/client/src/**/*.ts', '!packages/client/src/gql/**'],
      preset: 'client',
      config: { scalars: { DateTime: 'string', ID: 'string', File: 'File' }, enumsAsTypes: true, useTypeImports: true },
      presetConfig: { fragmentMasking: false },
    },
    'web/src/gql/': {
      documents: ['web/src/**/*.tsx', 'web/src/**/*.ts', '!web/src/gql/**'],
      preset: 'client',
      config: { scalars: { DateTime: 'string', ID: 'string', File: 'File' }, enumsAsTypes: true, useTypeImports: true },
      presetConfig: { fragmentMasking: false },
    },
  },
};

export default config;
