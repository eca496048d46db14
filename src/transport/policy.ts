import { EnvelopArmor } from '@escape.tech/graphql-armor';
import { NoSchemaIntrospectionCustomRule } from 'graphql';
import type { AppConfig } from '../config.js';

/** Envelop plugins, typed as armor hands them out. */
type EnvelopPlugin = ReturnType<EnvelopArmor['protect']>['plugins'][number];

/**
 * The one policy every transport applies (docs/security.md): HTTP and SSE through Yoga's
 * envelop, sockets through the same envelop's parse and validate (src/transport/ws/). Depth,
 * cost, alias and token limits, introspection and "Did you mean" suggestions.
 */
export function operationPolicy(config: Pick<AppConfig, 'limits' | 'protection'>): EnvelopPlugin[] {
  const armor = new EnvelopArmor({
    maxDepth: { n: config.limits.maxQueryDepth },
    costLimit: { maxCost: config.limits.maxQueryCost },
    maxAliases: { n: config.protection.maxAliases },
    maxTokens: { n: config.protection.maxTokens },
    // Suggestions help people exploring the API; off in production unless GRAPHQL_SUGGESTIONS.
    blockFieldSuggestion: { enabled: !config.protection.suggestions },
  });
  const plugins: EnvelopPlugin[] = [...armor.protect().plugins];
  if (!config.protection.introspection) {
    // __schema and __type are refused; __typename stays (clients and caches need it).
    plugins.push({ onValidate: ({ addValidationRule }) => addValidationRule(NoSchemaIntrospectionCustomRule) });
  }
  return plugins;
}

/**
 * Which browser origins may talk to the API, for HTTP (CORS and refusal) and sockets alike,
 * from CORS_ORIGINS: the server's own origin, requests without an Origin (server-side clients),
 * and the listed ones ('*': any).
 */
export class OriginPolicy {
  constructor(private readonly allowed: readonly string[]) {}

  allows(origin: string | null | undefined, host: string | null | undefined): boolean {
    if (!origin) return true;
    if (this.allowed.includes('*') || this.allowed.includes(origin)) return true;
    try {
      return host !== undefined && host !== null && new URL(origin).host === host;
    } catch {
      return false;
    }
  }

  /** Yoga's `cors` option: headers only for an allowed origin, which is echoed (never a wildcard with credentials). */
  cors = (request: Request): { origin: string[]; credentials: boolean; maxAge: number } | false => {
    const origin = request.headers.get('origin');
    if (!origin || !this.allows(origin, request.headers.get('host'))) return false;
    return { origin: [origin], credentials: true, maxAge: 600 };
  };
}
