import type { MessagePlugin } from './message-plugins.js';

/**
 * Masks phone numbers in message text, keeping the last two digits ("+1 415 555 0123" →
 * "+* *** *** **23"): a redaction plugin, the example of docs/security.md "Plugins". A phone
 * number here is a run of 7 to 15 digits, optionally starting with +, with spaces, dots, dashes
 * or parentheses between them; dates, times and short numbers are left alone.
 */
const PHONE = /(?<![\w+])\+?\(?\d[\d\s().-]{5,}\d(?!\w)/g;

export function maskPhoneNumbers(text: string): string {
  return text.replace(PHONE, (match) => {
    const digits = match.replace(/\D/g, '').length;
    if (digits < 7 || digits > 15 || /^\d{4}-\d{2}-\d{2}$/.test(match)) return match;
    let left = digits - 2;
    return match.replace(/\d/g, (d) => (left-- > 0 ? '*' : d));
  });
}

export const maskPhoneNumbersPlugin: MessagePlugin = {
  name: 'mask-phone-numbers',
  // Redaction that fails must not let the number through.
  onFailure: 'reject',
  beforeSend: (draft) => {
    const content = maskPhoneNumbers(draft.content);
    return content === draft.content ? undefined : { content };
  },
};

/** Plugins that MESSAGE_PLUGINS may name. */
export const BUILT_IN_PLUGINS: Readonly<Record<string, MessagePlugin>> = { 'mask-phone-numbers': maskPhoneNumbersPlugin };
