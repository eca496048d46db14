import { z } from 'zod';
import { builder } from '../graphql/builder.js';
import { rowId } from '../shared/ids.js';

// What sendMessage takes besides the message itself, for the notification rules
// (src/notifications/): a required confirmation, a template to render per recipient.

export const RequireConfirmationInput = builder.inputType('RequireConfirmationInput', {
  description: 'Each recipient confirms with `confirmMessage`; who has not by `within` seconds is reminded, and after as long again `escalateTo` (or the sender) is told who did not confirm.',
  fields: (t) => ({
    within: t.int({ required: true, description: 'Seconds (at least 1, at most 7 days).' }),
    escalateTo: t.id({ description: 'A user of the sender’s tenant; the sender when left out.' }),
  }),
});

export const TemplateVariableInput = builder.inputType('TemplateVariableInput', {
  description: 'One variable: exactly one of text, number, date.',
  fields: (t) => ({
    name: t.string({ required: true }),
    text: t.string(),
    number: t.float(),
    date: t.field({ type: 'DateTime' }),
  }),
});

export const TemplateUseInput = builder.inputType('TemplateUseInput', {
  description: 'Renders the named template for each recipient in their locale; `content` is then ignored.',
  fields: (t) => ({
    name: t.string({ required: true }),
    variables: t.field({ type: [TemplateVariableInput], required: true }),
  }),
});

export const requireConfirmationInput = z
  .object({
    within: z.number().int().min(1, 'within is at least 1 second').max(7 * 86400, 'within is at most 7 days'),
    escalateTo: rowId('escalateTo').nullish(),
  })
  .transform((r) => ({ withinSeconds: r.within, escalateTo: r.escalateTo ?? null }));

export const templateUseInput = z.object({
  name: z.string().min(1).max(100),
  variables: z
    .array(
      z
        .object({ name: z.string().min(1).max(64), text: z.string().max(10_000).nullish(), number: z.number().nullish(), date: z.date().nullish() })
        .refine((v) => [v.text, v.number, v.date].filter((x) => x != null).length === 1, { message: 'a variable has exactly one of text, number, date', path: ['variables'] }),
    )
    .max(50),
});
