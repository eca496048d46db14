import type { Client } from '@urql/core';
import { useState } from 'preact/hooks';
import type { MessagePriority, MessageType } from './gql/graphql.js';
import { SendDoc, UsersByUsernameDoc } from './operations.js';

const TYPES: MessageType[] = ['TEXT', 'REMINDER', 'MEETING_INVITE', 'MEETING_SUMMARY'];
const PRIORITIES: MessagePriority[] = ['NORMAL', 'URGENT', 'LOW'];

/** Send to one or many people, by username. */
export function Compose({ client }: { client: Client }) {
  const [to, setTo] = useState('');
  const [content, setContent] = useState('');
  const [type, setType] = useState<MessageType>('TEXT');
  const [priority, setPriority] = useState<MessagePriority>('NORMAL');
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);

  const send = async (event: Event) => {
    event.preventDefault();
    const usernames = [...new Set(to.split(/[\s,;]+/).filter(Boolean))];
    const found = await client.query(UsersByUsernameDoc, { usernames }).toPromise();
    const users = found.data?.usersByUsername ?? [];
    const known = new Set(users.map((u) => u.username.toLowerCase()));
    const unknown = usernames.filter((name) => !known.has(name.toLowerCase()));
    if (found.error || unknown.length > 0 || users.length === 0) {
      setNote({ ok: false, text: found.error ? found.error.message : `Nobody is called ${unknown.join(', ') || '…'}` });
      return;
    }
    const result = await client
      .mutation(SendDoc, { input: { recipientIds: users.map((u) => u.id), content, type, priority, clientMessageId: crypto.randomUUID() } })
      .toPromise();
    if (result.error) {
      setNote({ ok: false, text: result.error.graphQLErrors[0]?.message ?? result.error.message });
      return;
    }
    setNote({ ok: true, text: `Sent to ${users.map((u) => u.username).join(', ')}` });
    setContent('');
  };

  return (
    <form class="compose" onSubmit={(e) => void send(e)}>
      <h2>New message</h2>
      <label>
        To
        <input name="to" placeholder="usernames, separated by commas" value={to} onInput={(e) => setTo(e.currentTarget.value)} required />
      </label>
      <label>
        Message
        <textarea name="content" value={content} onInput={(e) => setContent(e.currentTarget.value)} required />
      </label>
      <div class="row">
        <select name="type" value={type} onChange={(e) => setType(e.currentTarget.value as MessageType)}>
          {TYPES.map((t) => (
            <option value={t}>{t}</option>
          ))}
        </select>
        <select name="priority" value={priority} onChange={(e) => setPriority(e.currentTarget.value as MessagePriority)}>
          {PRIORITIES.map((p) => (
            <option value={p}>{p}</option>
          ))}
        </select>
        <button type="submit">Send</button>
      </div>
      {note && (
        <p class={note.ok ? 'ok' : 'error'} role="status" data-testid="send-result">
          {note.text}
        </p>
      )}
    </form>
  );
}
