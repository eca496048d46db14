import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, startTestApp, type TestApp } from './helpers/app.js';
import { MarkReadDoc, SendDoc } from './helpers/messages.js';
import { ImportantDoc, OrganizingSettingsDoc, SetImportantFirstDoc, StarDoc } from './helpers/organizing.js';
import { expiredToken } from './helpers/tokens.js';
import { registerUser, type TestUser } from './helpers/users.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp('organizing_important');
});
afterAll(() => t?.close());

function ok<T>(result: { data?: T | null; errors?: readonly unknown[] }): T {
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!;
}

async function send(from: TestUser, to: TestUser, content: string, priority: 'URGENT' | 'NORMAL' | 'LOW' = 'NORMAL'): Promise<string> {
  return ok(await t.exec(SendDoc, { input: { recipientIds: [to.id], content, priority } }, from.token)).sendMessage.id;
}

/** Bob reads everything Alice sends at once and never opens Carol's. */
async function habits(): Promise<{ alice: TestUser; bob: TestUser; carol: TestUser }> {
  const [alice, bob, carol] = await Promise.all([registerUser(t, 'alice'), registerUser(t, 'bob'), registerUser(t, 'carol')]);
  for (let i = 0; i < 5; i++) {
    const id = await send(alice, bob, `alice ${i}`);
    ok(await t.exec(MarkReadDoc, { ids: [id] }, bob.token));
    await send(carol, bob, `carol ${i}`);
  }
  return { alice, bob, carol };
}

describe('important first', () => {
  it('puts the unread messages of a sender the user always reads at once ahead of one they ignore, with a reason', async () => {
    const { alice, bob, carol } = await habits();
    // Alice's new messages are older than Carol's newest: recency alone would put Carol first.
    await send(alice, bob, 'alice: budget numbers');
    await send(alice, bob, 'alice: standup moved');
    await send(carol, bob, 'carol: newsletter');
    const { importantMessages } = ok(await t.exec(ImportantDoc, { first: 20 }, bob.token));
    expect(importantMessages.enabled).toBe(true);
    const senders = importantMessages.items.map((i) => i.message.sender.id);
    expect(senders.slice(0, 2)).toEqual([alice.id, alice.id]);
    expect(senders.slice(2).every((id) => id === carol.id)).toBe(true);
    expect(senders).toHaveLength(8); // Alice's 2 unread and Carol's 6, nothing read, nobody else's
    expect(importantMessages.items[0]!.reason).toBe(`You usually read ${alice.username}'s messages within minutes`);
    expect(importantMessages.items[0]!.score).toBeGreaterThan(importantMessages.items[2]!.score);
  });

  it('ranks an urgent message and a starred sender’s message up, and says why', async () => {
    const { alice, bob, carol } = await habits();
    const dave = await registerUser(t, 'dave');
    for (let i = 0; i < 3; i++) {
      const id = await send(dave, bob, `dave ${i}`);
      ok(await t.exec(StarDoc, { ids: [id] }, bob.token));
    }
    const urgent = await send(carol, bob, 'carol: the server is down', 'URGENT');
    await send(alice, bob, 'alice: lunch?');
    const { importantMessages } = ok(await t.exec(ImportantDoc, { first: 20 }, bob.token));
    const byId = new Map(importantMessages.items.map((i) => [i.message.id, i]));
    expect(byId.get(urgent)!.reason).toBe('Marked urgent');
    // Above Carol's other (ignored, not urgent) messages.
    const carolsOthers = importantMessages.items.filter((i) => i.message.sender.id === carol.id && i.message.id !== urgent);
    expect(carolsOthers.every((i) => i.score < byId.get(urgent)!.score)).toBe(true);
    const daves = importantMessages.items.filter((i) => i.message.sender.id === dave.id);
    expect(daves[0]!.reason).toBe(`You often star ${dave.username}'s messages`);
  });

  it('is a setting of each user: turned off, the list is newest first without reasons', async () => {
    const { bob, carol } = await habits();
    const other = await habits();
    expect(ok(await t.exec(SetImportantFirstDoc, { enabled: false }, bob.token)).setImportantFirst.importantFirst).toBe(false);
    expect(ok(await t.exec(OrganizingSettingsDoc, {}, bob.token)).organizingSettings).toEqual({ importantFirst: false, maxTags: 100 });
    const newest = await send(carol, bob, 'carol: newest');
    const { importantMessages } = ok(await t.exec(ImportantDoc, { first: 3 }, bob.token));
    expect(importantMessages.enabled).toBe(false);
    expect(importantMessages.items.map((i) => i.message.id)[0]).toBe(newest);
    expect(importantMessages.items.map((i) => i.reason)).toEqual([null, null, null]);
    // Another user's setting is untouched.
    expect(ok(await t.exec(ImportantDoc, { first: 1 }, other.bob.token)).importantMessages.enabled).toBe(true);
    ok(await t.exec(SetImportantFirstDoc, { enabled: true }, bob.token));
    expect(ok(await t.exec(ImportantDoc, { first: 1 }, bob.token)).importantMessages.enabled).toBe(true);
  });

  it('only ever ranks the caller’s own inbox, and refuses no token and an expired token', async () => {
    const { alice, bob } = await habits();
    const stranger = await registerUser(t, 'stranger', 'other-tenant');
    const { importantMessages } = ok(await t.exec(ImportantDoc, { first: 50 }, alice.token));
    expect(importantMessages.items).toEqual([]);
    expect(ok(await t.exec(ImportantDoc, { first: 50 }, stranger.token)).importantMessages.items).toEqual([]);
    expect(errorCodes(await t.exec(ImportantDoc, { first: 5 }, null))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await t.exec(ImportantDoc, { first: 5 }, await expiredToken(bob)))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await t.exec(SetImportantFirstDoc, { enabled: false }, null))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await t.exec(SetImportantFirstDoc, { enabled: false }, await expiredToken(bob)))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await t.exec(OrganizingSettingsDoc, {}, null))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await t.exec(OrganizingSettingsDoc, {}, await expiredToken(bob)))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await t.exec(ImportantDoc, { first: 0 }, bob.token))).toEqual(['BAD_USER_INPUT']);
  });
});
