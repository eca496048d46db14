import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { SessionStatus } from '../../packages/client/src/inbox-session.js';
import { createApi, type Auth } from './auth.js';
import { Compose } from './compose.js';
import type { MessageFilter, MessagePriority, MessageType, WebMessageFragment, WebUnreadCountsQuery } from './gql/graphql.js';
import { InboxDoc, InboxEventsDoc, MarkAllReadDoc, MarkReadDoc, UnreadCountsDoc } from './operations.js';

type Counts = WebUnreadCountsQuery['unreadCounts'];
const TYPES: MessageType[] = ['TEXT', 'REMINDER', 'MEETING_INVITE', 'MEETING_SUMMARY', 'SYSTEM'];
const PRIORITIES: MessagePriority[] = ['URGENT', 'NORMAL', 'LOW'];
const STATUS_TEXT: Record<SessionStatus, string> = {
  idle: 'starting',
  connecting: 'connecting…',
  connected: 'live',
  reconnecting: 'reconnecting…',
  polling: 'live (polling)',
  closed: 'offline',
};

const matches = (message: WebMessageFragment, filter: MessageFilter) =>
  (!filter.type || message.type === filter.type) &&
  (!filter.priority || message.priority === filter.priority) &&
  (!filter.unreadOnly || !message.isRead);

const newestFirst = (a: WebMessageFragment, b: WebMessageFragment) => b.createdAt.localeCompare(a.createdAt) || Number(b.id) - Number(a.id);

/** The inbox: unread badges, filters, live arrival, mark read, and the composer. */
export function Inbox({ auth, onSignOut }: { auth: Auth; onSignOut: () => void }) {
  const api = useMemo(createApi, [auth.token]);
  const [messages, setMessages] = useState<WebMessageFragment[]>([]);
  const [counts, setCounts] = useState<Counts | null>(null);
  const [filter, setFilter] = useState<MessageFilter>({});
  const [status, setStatus] = useState<SessionStatus>(api.session.status);
  const [error, setError] = useState<string | null>(null);
  // Bumped when the socket is live again after a drop: the list is read again, since a load
  // that was in flight when the server went away failed and the live events only add to it.
  const [reloads, setReloads] = useState(0);
  const filterRef = useRef(filter);
  filterRef.current = filter;

  const refreshCounts = async () => {
    const result = await api.client.query(UnreadCountsDoc, {}).toPromise();
    if (result.data) setCounts(result.data.unreadCounts);
  };

  // The server accepts no token after its expiry: sign in again then.
  useEffect(() => {
    const timer = setTimeout(onSignOut, Math.max(Date.parse(auth.expiresAt) - Date.now(), 0));
    return () => clearTimeout(timer);
  }, [auth.expiresAt]);

  // The list for the filter; live events are merged into it by id.
  useEffect(() => {
    let current = true;
    void api.client
      .query(InboxDoc, { filter, first: 50 })
      .toPromise()
      .then((result) => {
        if (!current) return;
        if (result.error) setError(result.error.message);
        else setMessages(result.data!.messages.edges.map((e) => e.node));
      });
    return () => void (current = false);
  }, [api, filter, reloads]);

  // Live: every inbox change, resumed by the kit after any reconnect (nothing lost, nothing twice).
  useEffect(() => {
    void refreshCounts();
    let dropped = false;
    const stopStatus = api.session.onStatus((next) => {
      setStatus(next);
      if (next === 'reconnecting' || next === 'polling') dropped = true;
      else if (next === 'connected' && dropped) {
        dropped = false;
        setReloads((n) => n + 1);
        void refreshCounts();
      }
    });
    const upsert = (message: WebMessageFragment) =>
      setMessages((list) => {
        const rest = list.filter((m) => m.id !== message.id);
        return matches(message, filterRef.current) ? [...rest, message].sort(newestFirst) : rest;
      });
    const live = api.client.subscription(InboxEventsDoc, {}).subscribe((result) => {
      const event = result.data?.inboxEvents;
      if (!event) {
        if (result.error) setError(result.error.message);
        return;
      }
      switch (event.__typename) {
        case 'MessageReceivedEvent':
        case 'MessageUpdatedEvent':
        case 'MessageRecalledEvent':
          upsert(event.message);
          break;
        case 'MessagesReadEvent': {
          const read = new Set(event.messageIds);
          setMessages((list) =>
            list
              .map((m) => (read.has(m.id) ? { ...m, isRead: true } : m))
              .filter((m) => matches(m, filterRef.current)),
          );
          break;
        }
      }
      void refreshCounts();
    });
    return () => {
      live.unsubscribe();
      stopStatus();
      void api.session.close();
    };
  }, [api]);

  const markRead = async (ids: string[]) => {
    const result = await api.client.mutation(MarkReadDoc, { ids }).toPromise();
    if (result.error) return setError(result.error.message);
    const read = new Set(ids);
    setMessages((list) => list.map((m) => (read.has(m.id) ? { ...m, isRead: true } : m)).filter((m) => matches(m, filter)));
    void refreshCounts();
  };

  const markAllRead = async () => {
    const result = await api.client.mutation(MarkAllReadDoc, {}).toPromise();
    if (result.error) return setError(result.error.message);
    setMessages((list) => list.map((m) => ({ ...m, isRead: true })).filter((m) => matches(m, filter)));
    void refreshCounts();
  };

  const typeCount = (type: MessageType) => counts?.byType.find((c) => c.type === type)?.count ?? 0;
  const priorityCount = (priority: MessagePriority) => counts?.byPriority.find((c) => c.priority === priority)?.count ?? 0;

  return (
    <div class="app">
      <header>
        <h1>
          Inbox{' '}
          <span class={`badge ${counts?.total ? 'on' : ''}`} data-testid="unread-total" title="unread">
            {counts?.total ?? 0}
          </span>
        </h1>
        <span class={`status ${status}`} data-testid="connection">
          {STATUS_TEXT[status]}
        </span>
        <span class="me">
          {auth.user.displayName} (@{auth.user.username})
        </span>
        <button class="link" type="button" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <nav class="filters" aria-label="filters">
        <label>
          <input
            type="checkbox"
            name="unreadOnly"
            checked={filter.unreadOnly ?? false}
            onChange={(e) => setFilter({ ...filter, unreadOnly: e.currentTarget.checked || undefined })}
          />
          Unread only
        </label>
        <select name="type" value={filter.type ?? ''} onChange={(e) => setFilter({ ...filter, type: (e.currentTarget.value || undefined) as MessageType | undefined })}>
          <option value="">All types</option>
          {TYPES.map((type) => (
            <option value={type}>
              {type} ({typeCount(type)})
            </option>
          ))}
        </select>
        <select
          name="priority"
          value={filter.priority ?? ''}
          onChange={(e) => setFilter({ ...filter, priority: (e.currentTarget.value || undefined) as MessagePriority | undefined })}
        >
          <option value="">All priorities</option>
          {PRIORITIES.map((priority) => (
            <option value={priority}>
              {priority} ({priorityCount(priority)})
            </option>
          ))}
        </select>
        <button type="button" onClick={() => void markAllRead()} disabled={!counts?.total}>
          Mark all read
        </button>
      </nav>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <main>
        <ul class="messages">
          {messages.length === 0 && <li class="empty">Nothing here yet.</li>}
          {messages.map((m) => (
            <li key={m.id} class={`message ${m.isRead ? 'read' : 'unread'} ${m.priority.toLowerCase()}`} data-testid="message" data-id={m.id}>
              <div class="meta">
                <strong>{m.sender.displayName}</strong>
                <span class="tag">{m.type}</span>
                {m.priority !== 'NORMAL' && <span class="tag priority">{m.priority}</span>}
                <time dateTime={m.createdAt}>{new Date(m.createdAt).toLocaleString()}</time>
              </div>
              <p class="content">{m.recalledAt ? <em>recalled</em> : m.content}</p>
              {!m.isRead && (
                <button type="button" data-testid="mark-read" onClick={() => void markRead([m.id])}>
                  Mark read
                </button>
              )}
            </li>
          ))}
        </ul>
        <Compose client={api.client} />
      </main>
    </div>
  );
}
