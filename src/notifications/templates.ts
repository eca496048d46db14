import { IntlMessageFormat } from 'intl-messageformat';
import type { Viewer } from '../auth/auth.service.js';
import { badInput, notFound } from '../graphql/errors.js';
import type { SettingsResolver } from './settings.js';
import type { RenderingRow, TemplateRow, TemplatesStore } from './templates.store.js';

/** A template named in a send, with its variables (each exactly one of text, number, date). */
export interface TemplateUse {
  name: string;
  variables: Array<{ name: string; text?: string | null; number?: number | null; date?: Date | null }>;
}

type Ast = ReturnType<IntlMessageFormat['getAst']>;
type Value = string | number | Date;

// Element types of intl-messageformat's AST that name a variable (argument, number, date,
// time, select, plural); select and plural have nested options.
const NAMED = new Set([1, 2, 3, 4, 5, 6]);

/** The variables a parsed message uses. */
function variablesOf(ast: Ast, into = new Set<string>()): Set<string> {
  for (const element of ast as Array<{ type: number; value?: unknown; options?: Record<string, { value: Ast }>; children?: Ast }>) {
    if (NAMED.has(element.type) && typeof element.value === 'string') into.add(element.value);
    for (const option of Object.values(element.options ?? {})) variablesOf(option.value, into);
    if (element.children) variablesOf(element.children, into);
  }
  return into;
}

/** Dates and times in the reader's time zone, with the library's styles. */
function formatsIn(timeZone: string) {
  const withZone = (styles: Record<string, Intl.DateTimeFormatOptions>) =>
    Object.fromEntries(Object.entries(styles).map(([name, style]) => [name, { ...style, timeZone }]));
  return { date: withZone(IntlMessageFormat.formats.date), time: withZone(IntlMessageFormat.formats.time) };
}

/** The locale chain of a reader: their locale, its language, the deployment's default, then any text the template has. */
export function localeChain(locale: string, defaultLocale: string): string[] {
  const chain = [locale];
  const language = locale.split('-')[0]!;
  if (language !== locale) chain.push(language);
  chain.push(defaultLocale, defaultLocale.split('-')[0]!);
  return [...new Set(chain)];
}

export function pickText(texts: Record<string, string>, chain: string[]): { locale: string; text: string } {
  const byLower = new Map(Object.entries(texts).map(([l, t]) => [l.toLowerCase(), { locale: l, text: t }]));
  for (const locale of chain) {
    const hit = byLower.get(locale.toLowerCase());
    if (hit) return hit;
  }
  const [locale, text] = Object.entries(texts)[0]!;
  return { locale, text };
}

/**
 * Named templates of a tenant, in ICU MessageFormat per locale (intl-messageformat): checked
 * when saved (every text parses and uses only the declared variables), rendered per recipient
 * in their locale and time zone when a message is sent. Tags are text (`ignoreTag`) and values
 * are never parsed, so the result is plain text whatever the variables hold.
 */
export class TemplatesService {
  constructor(
    private readonly store: TemplatesStore,
    private readonly settings: SettingsResolver,
    private readonly defaultLocale: string,
  ) {}

  async save(viewer: Viewer, input: { name: string; variables: string[]; texts: Array<{ locale: string; text: string }> }): Promise<TemplateRow> {
    const declared = new Set(input.variables);
    if (declared.size !== input.variables.length) throw badInput('variables are named once each', 'variables');
    const texts: Record<string, string> = {};
    for (const { locale, text } of input.texts) {
      let canonical: string;
      try {
        canonical = Intl.getCanonicalLocales(locale)[0]!;
      } catch {
        throw badInput(`${locale} is not a BCP 47 language tag`, 'texts');
      }
      if (texts[canonical] !== undefined) throw badInput(`two texts for ${canonical}`, 'texts');
      let used: Set<string>;
      try {
        used = variablesOf(new IntlMessageFormat(text, canonical, undefined, { ignoreTag: true }).getAst());
      } catch (error) {
        throw badInput(`the ${canonical} text is not ICU MessageFormat: ${error instanceof Error ? error.message : String(error)}`, 'texts');
      }
      const undeclared = [...used].filter((v) => !declared.has(v));
      if (undeclared.length > 0) throw badInput(`the ${canonical} text uses undeclared variables: ${undeclared.join(', ')}`, 'texts');
      texts[canonical] = text;
    }
    if (Object.keys(texts).length === 0) throw badInput('a template has a text for at least one locale', 'texts');
    await this.store.save({ tenantId: viewer.tenantId, name: input.name, variables: input.variables, texts, updatedBy: viewer.id });
    return (await this.store.find(viewer.tenantId, input.name))!;
  }

  list(viewer: Viewer): Promise<TemplateRow[]> {
    return this.store.list(viewer.tenantId);
  }

  /**
   * Renders for each recipient; `content` is the rendering in the deployment's default locale
   * (what readers without a rendering of their own see). Missing or extra variables: BAD_USER_INPUT.
   */
  async render(viewer: Viewer, use: TemplateUse, recipientIds: readonly number[]) {
    const template = await this.store.find(viewer.tenantId, use.name);
    if (!template) throw notFound(`No template named ${use.name}`);
    const given = new Map<string, Value>(use.variables.map((v) => [v.name, (v.text ?? v.number ?? v.date)!]));
    const missing = template.variables.filter((v) => !given.has(v));
    const extra = [...given.keys()].filter((v) => !template.variables.includes(v));
    if (missing.length > 0) throw badInput(`missing template variables: ${missing.join(', ')}`, 'variables');
    if (extra.length > 0) throw badInput(`unknown template variables: ${extra.join(', ')}`, 'variables');
    const values = Object.fromEntries(given);
    const format = (locale: string, timeZone: string) => {
      const picked = pickText(template.texts, localeChain(locale, this.defaultLocale));
      const text = new IntlMessageFormat(picked.text, locale, formatsIn(timeZone), { ignoreTag: true }).format<string>(values);
      return { locale: picked.locale, text: String(text) };
    };
    const preferences = await this.settings.of(recipientIds);
    const renderings = new Map<number, { locale: string; text: string }>();
    for (const id of recipientIds) {
      const p = preferences.get(id)!;
      renderings.set(id, format(p.locale, p.timeZone));
    }
    const content = format(this.defaultLocale, 'UTC').text;
    return { templateId: template.id, content, renderings };
  }

  async saveRenderings(messageId: number, templateId: number, renderings: Map<number, { locale: string; text: string }>): Promise<void> {
    const rows: RenderingRow[] = [...renderings].map(([recipientId, r]) => ({ messageId, recipientId, templateId, locale: r.locale, text: r.text }));
    await this.store.saveRenderings(rows);
  }

  renderingsFor(recipientId: number, messageIds: readonly number[]): Promise<RenderingRow[]> {
    return this.store.renderingsFor(recipientId, messageIds);
  }

  templateNames(ids: readonly number[]): Promise<Map<number, string>> {
    return this.store.templateNames(ids);
  }
}
