import { readFileSync } from 'node:fs';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { DocumentNode, GraphQLError, Source } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { AppError } from '../graphql/errors.js';

/**
 * Production's allow-list: only the documents of `path` run, on every transport. The file
 * maps each document's SHA-256 (hex) to its text — what GraphQL Codegen's client preset
 * writes with `persistedDocuments: true`. Over HTTP a client sends the hash alone (Apollo's
 * `extensions.persistedQuery`), which the persisted-operations plugin replaces by the text.
 * Sockets and graphql-sse parse the text they receive without Yoga's request hooks, so the
 * check that refuses every other text sits in `onParse`/`onValidate`, which all of them go through.
 */
export function persistedDocumentsPlugins(path: string): Plugin[] {
  const documents = readDocuments(path);
  const allowed = new Set(documents.values());
  const sources = new WeakMap<DocumentNode, string>();
  const notAllowed = () => new AppError('PERSISTED_QUERY_ONLY', 'This server runs persisted documents only; send the document’s hash.');
  return [
    usePersistedOperations({
      getPersistedOperation: (hash) => documents.get(hash) ?? null,
      allowArbitraryOperations: false,
      customErrors: {
        persistedQueryOnly: () => notAllowed(),
        notFound: { message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_IN_LIST' } },
      },
    }),
    {
      // The text of each parsed document, checked at validation: every transport answers a
      // validation error as an error result (a throw in parse is a 500 on graphql-sse).
      onParse: ({ params }: { params: { source: string | Source } }) => {
        const source = typeof params.source === 'string' ? params.source : params.source.body;
        return ({ result }: { result: unknown }) => {
          if (result && typeof result === 'object' && 'kind' in result) sources.set(result as DocumentNode, source);
        };
      },
      onValidate: ({ params, setResult }: { params: { documentAST: DocumentNode }; setResult: (errors: readonly GraphQLError[]) => void }) => {
        const source = sources.get(params.documentAST);
        if (source === undefined || !allowed.has(source)) setResult([notAllowed()]);
      },
    },
  ];
}

function readDocuments(path: string): Map<string, string> {
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`GRAPHQL_PERSISTED_DOCUMENTS: ${path} must be a JSON object of hash → document`);
  }
  const documents = new Map<string, string>();
  for (const [hash, text] of Object.entries(parsed)) {
    if (typeof text !== 'string') throw new Error(`GRAPHQL_PERSISTED_DOCUMENTS: the document of ${hash} is not a string`);
    documents.set(hash, text);
  }
  return documents;
}
