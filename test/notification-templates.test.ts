import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { errorCodes, startTestApp, type TestApp } from './helpers/app.js';
import { InboxDoc } from './helpers/messages.js';
import { adminAccount, expiredToken, serviceAccount } from './helpers/tokens.js';
import { registerUser, type TestUser } from './helpers/users.js';

const SaveTemplateDoc = graphql(`
  mutation SaveTemplate($input: SaveMessageTemplateInput!) {
    saveMessageTemplate(input: $input) {
      name
      variables
      texts {
        locale
        text
      }
    }
  }
`);

const TemplatesDoc = graphql(`
  query Templates {
    messageTemplates {
      name
    }
  }
`);

const TemplatedSendDoc = graphql(`
  mutation TemplatedSend($input: SendMessageInput!) {
    sendMessage(input: $input) {
      id
      content
    }
  }
`);

const LocalizedDoc = graphql(`
  query Localized($id: ID!) {
    message(id: $id) {
      content
      localizedContent
      templateName
    }
  }
`);

const SetLocaleDoc = graphql(`
  mutation SetLocale($input: NotificationSettingsInput!) {
    updateNotificationSettings(input: $input) {
      locale
    }
  }
`);

let t: TestApp;
let service: TestUser;

const MOVED = {
  name: 'meetings_moved',
  variables: ['count', 'when', 'who'],
  texts: [
    { locale: 'en', text: '{who} moved {count, plural, one {# meeting} other {# meetings}} to {when, date, long}' },
    { locale: 'zh-CN', text: '{who}把{count, plural, other {#个会议}}改到{when, date, long}' },
  ],
};
const WHEN = '2026-03-05T02:00:00.000Z';

beforeAll(async () => {
  t = await startTestApp('notification_templates');
  service = await serviceAccount(t);
  const saved = await t.exec(SaveTemplateDoc, { input: MOVED }, service.token);
  expect(saved.errors).toBeUndefined();
});
afterAll(() => t?.close());

function sendTemplate(to: TestUser[], variables: Array<{ name: string; text?: string; number?: number; date?: string }>, token = service.token, name = MOVED.name) {
  return t.exec(TemplatedSendDoc, { input: { recipientIds: to.map((u) => u.id), content: '', template: { name, variables } } }, token);
}

describe('message templates', () => {
  it('render in zh-CN for one recipient and in en for another, with a plural and a date', async () => {
    const [zh, en] = await Promise.all([registerUser(t), registerUser(t)]);
    await t.exec(SetLocaleDoc, { input: { locale: 'zh-CN', timeZone: 'Asia/Shanghai' } }, zh.token);
    const sent = await sendTemplate([zh, en], [
      { name: 'count', number: 3 },
      { name: 'when', date: WHEN },
      { name: 'who', text: 'Lin' },
    ]);
    expect(sent.errors).toBeUndefined();
    const id = sent.data!.sendMessage.id;
    const zhView = (await t.exec(LocalizedDoc, { id }, zh.token)).data!.message!;
    const enView = (await t.exec(LocalizedDoc, { id }, en.token)).data!.message!;
    expect(zhView.localizedContent).toBe('Lin把3个会议改到2026年3月5日');
    expect(enView.localizedContent).toBe('Lin moved 3 meetings to March 5, 2026');
    expect(zhView.templateName).toBe('meetings_moved');
    // The stored content is the default locale's rendering.
    expect(zhView.content).toBe('Lin moved 3 meetings to March 5, 2026');
    const one = await sendTemplate([en], [
      { name: 'count', number: 1 },
      { name: 'when', date: WHEN },
      { name: 'who', text: 'Lin' },
    ]);
    expect((await t.exec(LocalizedDoc, { id: one.data!.sendMessage.id }, en.token)).data!.message!.localizedContent).toBe('Lin moved 1 meeting to March 5, 2026');
  });

  it('a reader whose locale has no text gets the fallback chain: language, then the default', async () => {
    const [zhTw, fr] = await Promise.all([registerUser(t), registerUser(t)]);
    await t.exec(SetLocaleDoc, { input: { locale: 'zh-TW' } }, zhTw.token);
    await t.exec(SetLocaleDoc, { input: { locale: 'fr' } }, fr.token);
    const saved = await t.exec(SaveTemplateDoc, { input: { name: 'hello', variables: ['who'], texts: [{ locale: 'en', text: 'Hello {who}' }, { locale: 'zh', text: '你好 {who}' }] } }, service.token);
    expect(saved.errors).toBeUndefined();
    const sent = await sendTemplate([zhTw, fr], [{ name: 'who', text: 'Ana' }], service.token, 'hello');
    const id = sent.data!.sendMessage.id;
    expect((await t.exec(LocalizedDoc, { id }, zhTw.token)).data!.message!.localizedContent).toBe('你好 Ana');
    expect((await t.exec(LocalizedDoc, { id }, fr.token)).data!.message!.localizedContent).toBe('Hello Ana');
  });

  it('refuse a missing or an extra variable with a clear error', async () => {
    const r = await registerUser(t);
    const missing = await sendTemplate([r], [{ name: 'count', number: 2 }, { name: 'who', text: 'Lin' }]);
    expect(errorCodes(missing)).toEqual(['BAD_USER_INPUT']);
    expect(missing.errors![0]!.message).toContain('missing template variables: when');
    const extra = await sendTemplate([r], [{ name: 'count', number: 2 }, { name: 'when', date: WHEN }, { name: 'who', text: 'x' }, { name: 'room', text: 'A' }]);
    expect(extra.errors![0]!.message).toContain('unknown template variables: room');
    // Nothing was sent.
    expect((await t.exec(InboxDoc, { first: 5 }, r.token)).data!.messages.edges).toHaveLength(0);
  });

  it('render variables as plain text: markup and ICU syntax in a value stay literal', async () => {
    const r = await registerUser(t);
    const sent = await sendTemplate([r], [{ name: 'count', number: 2 }, { name: 'when', date: WHEN }, { name: 'who', text: '<script>alert(1)</script>{count}' }]);
    expect((await t.exec(LocalizedDoc, { id: sent.data!.sendMessage.id }, r.token)).data!.message!.localizedContent).toBe(
      '<script>alert(1)</script>{count} moved 2 meetings to March 5, 2026',
    );
  });

  it('are checked when saved: a text that is not ICU MessageFormat, or uses an undeclared variable, is refused', async () => {
    const broken = await t.exec(SaveTemplateDoc, { input: { name: 'broken', variables: ['n'], texts: [{ locale: 'en', text: '{n, plural, one {x}' }] } }, service.token);
    expect(errorCodes(broken)).toEqual(['BAD_USER_INPUT']);
    const undeclared = await t.exec(SaveTemplateDoc, { input: { name: 'undeclared', variables: [], texts: [{ locale: 'en', text: 'Hi {who}' }] } }, service.token);
    expect(undeclared.errors![0]!.message).toContain('undeclared variables: who');
  });

  it('are for services and admins of the tenant only', async () => {
    const [user, r] = await Promise.all([registerUser(t), registerUser(t)]);
    const admin = await adminAccount(t);
    expect((await t.exec(TemplatesDoc, {}, admin.token)).data!.messageTemplates.map((x) => x.name)).toContain('meetings_moved');
    expect(errorCodes(await t.exec(SaveTemplateDoc, { input: MOVED }, user.token))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await t.exec(TemplatesDoc, {}, user.token))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await sendTemplate([r], [{ name: 'who', text: 'x' }], user.token))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await t.exec(TemplatesDoc, {}, null))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await t.exec(SaveTemplateDoc, { input: MOVED }, await expiredToken(service)))).toEqual(['UNAUTHENTICATED']);
    // Another tenant's service does not see or use this tenant's templates.
    const foreign = await serviceAccount(t, 'other-tenant');
    const foreignUser = await registerUser(t, 'fu', 'other-tenant');
    expect((await t.exec(TemplatesDoc, {}, foreign.token)).data!.messageTemplates).toEqual([]);
    expect(errorCodes(await sendTemplate([foreignUser], [{ name: 'who', text: 'x' }], foreign.token))).toEqual(['NOT_FOUND']);
  });
});
