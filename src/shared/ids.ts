import { badInput } from '../graphql/errors.js';

/** Parses a GraphQL ID that must name a row: a positive safe integer written in decimal. */
export function parseId(value: string, field: string): number {
  const id = Number(value);
  if (!/^\d{1,16}$/.test(value) || !Number.isSafeInteger(id) || id <= 0) throw badInput(`${field} is not a valid id`, field);
  return id;
}
