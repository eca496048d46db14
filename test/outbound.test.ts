import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from '../src/outbound/mailer.js';
import { SIGNATURE_HEADER, signBody, verifySignature } from '../src/outbound/signature.js';
import { postSignedJson, retryDelayMs } from '../src/outbound/webhook.js';
import { startHttpReceiver, type HttpReceiver } from './helpers/http-receiver.js';
import { startSmtpInbox, type SmtpInbox } from './helpers/smtp.js';

const SECRET = 'receiver-secret-0123456789';

describe('outgoing email and webhooks', () => {
  let smtp: SmtpInbox;
  let receiver: HttpReceiver;
  beforeAll(async () => {
    smtp = await startSmtpInbox();
    receiver = await startHttpReceiver();
  });
  afterAll(async () => {
    await smtp.close();
    await receiver.close();
  });

  it('an email reaches a real SMTP server as plain text', async () => {
    const mailer = createMailer({ url: smtp.url, from: 'Meeting Assistant <noreply@example.test>' });
    await mailer.send({ to: 'alice@example.test', subject: '3 unread messages', text: '<b>not markup</b>' });
    mailer.close();
    const [mail] = await smtp.waitFor(1);
    expect(mail?.subject).toBe('3 unread messages');
    expect(mail?.text?.trim()).toBe('<b>not markup</b>');
    expect(mail?.html).toBe(false);
  });

  it('a webhook arrives signed, and the receiver can check the signature and its age', async () => {
    const attempt = await postSignedJson({ url: `${receiver.url}/hook`, payload: { event: 'message.sent', id: '7' }, secret: SECRET });
    expect(attempt).toEqual({ ok: true, status: 200 });
    const [request] = await receiver.waitFor(1);
    const header = request?.headers[SIGNATURE_HEADER] as string;
    expect(JSON.parse(request?.body ?? '')).toEqual({ event: 'message.sent', id: '7' });
    expect(verifySignature(SECRET, request?.body ?? '', header)).toBe(true);
    expect(verifySignature('another-secret', request?.body ?? '', header)).toBe(false);
    expect(verifySignature(SECRET, `${request?.body} `, header)).toBe(false);
    // The same request replayed ten minutes later is outside the default five-minute window.
    expect(verifySignature(SECRET, request?.body ?? '', header, { nowMs: Date.now() + 10 * 60_000 })).toBe(false);
  });

  it('a failing receiver is reported as retryable for 5xx and final for 4xx, never thrown', async () => {
    receiver.failNext(1, 503);
    expect(await postSignedJson({ url: receiver.url, payload: {}, secret: SECRET })).toMatchObject({ ok: false, status: 503, retryable: true });
    receiver.failNext(1, 410);
    expect(await postSignedJson({ url: receiver.url, payload: {}, secret: SECRET })).toMatchObject({ ok: false, status: 410, retryable: false });
    const closed = await postSignedJson({ url: 'http://127.0.0.1:9/', payload: {}, secret: SECRET, timeoutMs: 500 });
    expect(closed).toMatchObject({ ok: false, status: null, retryable: true });
  });

  it('retries back off exponentially with jitter, up to a cap', () => {
    expect(retryDelayMs(1, 1000, 60_000, () => 0)).toBe(500);
    expect(retryDelayMs(3, 1000, 60_000, () => 1)).toBe(4000);
    expect(retryDelayMs(30, 1000, 60_000, () => 1)).toBe(60_000);
    expect(signBody(SECRET, '{}', 1_000_000)).toMatch(/^t=1000,v1=[0-9a-f]{64}$/);
  });
});
