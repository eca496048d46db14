import type { StatementObserver } from '../db/client.js';
import type { Logger } from '../logger.js';
import { metrics } from './metrics.js';

/** A statement as logged: whitespace collapsed, any literal a caller inlined replaced by `?`, cut short. */
export function normalizeStatement(sql: string): string {
  return sql
    .replace(/'(?:[^'\\]|\\.)*'/g, '?')
    .replace(/\b\d+(?:\.\d+)?\b/g, '?')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 500);
}

/** Times every statement (mm_db_query_duration_seconds); one slower than `slowQueryMs` is counted and logged without values. */
export function statementTiming(slowQueryMs: number, logger: Logger): StatementObserver {
  return (statement, ms) => {
    metrics.dbQueryDuration.observe(ms / 1000);
    if (ms < slowQueryMs) return;
    metrics.dbSlowQueries.inc();
    logger.warn({ statement: normalizeStatement(statement), ms: Math.round(ms) }, 'slow query');
  };
}
