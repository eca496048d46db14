import { z } from 'zod';

/** A GraphQL ID that must name a row, as its number: a positive safe integer written in decimal. */
export const rowId = (field: string) =>
  z.string().transform((value, ctx) => {
    const id = Number(value);
    if (/^\d{1,16}$/.test(value) && Number.isSafeInteger(id) && id > 0) return id;
    ctx.addIssue({ code: 'custom', message: `${field} is not a valid id` });
    return z.NEVER;
  });
