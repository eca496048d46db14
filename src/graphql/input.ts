import type { z } from 'zod';
import type { AppConfig } from '../config.js';
import { badInput } from './errors.js';

/**
 * An operation's input checked with its zod schema, and what the schema makes of it (ids as
 * numbers, cursors as positions). The first issue becomes a BAD_USER_INPUT error whose
 * `extensions.field` names the innermost input field it is about. Resolvers call this, so it
 * runs after the field's auth scopes: a caller without them learns nothing about the input.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: z.input<S>): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = [...issue.path].reverse().find((segment): segment is string => typeof segment === 'string');
  throw badInput(issue.message, field);
}

type Limits = AppConfig['limits'];

/** Schemas whose bounds are configured (content length, page size…), built once per config. */
export function withLimits<T>(build: (limits: Limits) => T): (limits: Limits) => T {
  const built = new WeakMap<Limits, T>();
  return (limits) => {
    let schemas = built.get(limits);
    if (!schemas) built.set(limits, (schemas = build(limits)));
    return schemas;
  };
}
