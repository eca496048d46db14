import {
  Kind,
  OperationTypeNode,
  parse,
  print,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionNode,
  type VariableDefinitionNode,
} from 'graphql';
import type { ResultOf } from '@graphql-typed-document-node/core';
import { graphql } from './gql/index.js';

// Which subscriptions the kit resumes, and how it rewrites them: the root field's `since`
// comes from the kit, and the selection gains the few fields the kit reads (aliased with a
// `_kit_` prefix and removed again before the app sees a result).

export type ResumableField = 'inboxEvents' | 'messageReceived';

// Typed from the schema: a new member of the InboxEvent union fails the type check here
// until the kit reads its cursor too.
const _EventTypenamesDoc = graphql(`
  subscription KitEventTypenames {
    inboxEvents {
      __typename
    }
  }
`);
type EventTypename = ResultOf<typeof _EventTypenamesDoc>['inboxEvents']['__typename'];
const EVENT_TYPES: Record<EventTypename, true> = {
  MessageReceivedEvent: true,
  MessagesReadEvent: true,
  MessageRecalledEvent: true,
  MessageUpdatedEvent: true,
  MessageLabelsChangedEvent: true,
  TagChangedEvent: true,
  HeldMessagesReleasedEvent: true,
};

// Events that are no position of the log: their cursor is where the stream stood when they
// came (held pushes released), so they are handed on without moving the cursor or dropping
// them as repeats of the event before.
const POSITIONLESS: ReadonlySet<string> = new Set<EventTypename>(['HeldMessagesReleasedEvent']);

const CURSOR = '_kit_cursor';
const ID = '_kit_id';
const TYPE = '_kit_type';
const READ = '_kit_read';
const SYNC = '_kit_sync';
const SINCE_VARIABLE = '_kitSince';
const SYNC_SINCE_VARIABLE = '_kitSyncSince';

export interface Variables {
  [name: string]: unknown;
}

/** One item the kit hands on, with what it needs to resume and to drop repeats. */
export interface ResumableItem {
  /** The root field's value as the app selected it. */
  value: Record<string, unknown>;
  cursor: string;
  /** messageReceived: the message id; inboxEvents: null (the cursor is the identity). */
  id: string | null;
  /** Not a position of the log (a release of held pushes): neither a repeat nor a new cursor. */
  positionless?: boolean;
}

export interface ResumablePlan {
  field: ResumableField;
  /** The root field's alias or name: where the value goes in `data`. */
  responseKey: string;
  /** The variable that carries `since` (the app's own, or one the kit added). */
  sinceVariable: string;
  /** The subscription to send. */
  subscription: string;
  /** The same selection over `sync(since:)`, for polling over HTTP. */
  sync: string;
  /** `since` as the app wrote it (a literal or its variable), before the kit's. */
  appSince(variables: Variables): string | null;
  /** Reads one subscription result's item; null when it carries none (an error result). */
  fromSubscription(data: Record<string, unknown> | null | undefined): ResumableItem | null;
  /**
   * Reads a `sync` page: the items in order (for messageReceived only new messages, and with
   * `unreadOnly` only the unread ones) and the cursor to poll from next.
   */
  fromSync(data: Record<string, unknown> | null | undefined, unreadOnly: boolean): { items: ResumableItem[]; cursor: string; hasMore: boolean } | null;
}

const name = (value: string) => ({ kind: Kind.NAME, value }) as const;
const field = (fieldName: string, alias?: string, selections?: readonly SelectionNode[]): FieldNode => ({
  kind: Kind.FIELD,
  name: name(fieldName),
  ...(alias ? { alias: name(alias) } : {}),
  ...(selections ? { selectionSet: { kind: Kind.SELECTION_SET, selections } } : {}),
});
const onType = (typeName: string, selections: readonly SelectionNode[]): SelectionNode => ({
  kind: Kind.INLINE_FRAGMENT,
  typeCondition: { kind: Kind.NAMED_TYPE, name: name(typeName) },
  selectionSet: { kind: Kind.SELECTION_SET, selections },
});
const stringVariable = (variable: string): VariableDefinitionNode => ({
  kind: Kind.VARIABLE_DEFINITION,
  variable: { kind: Kind.VARIABLE, name: name(variable) },
  type: { kind: Kind.NAMED_TYPE, name: name('String') },
});

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

function strip(value: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (!key.startsWith('_kit_')) copy[key] = item;
  return copy;
}

/**
 * The plan for a subscription the kit resumes, or null for any other operation (those go to
 * the socket unchanged).
 */
export function planResumable(query: string | DocumentNode, operationName?: string | null): ResumablePlan | null {
  const document = typeof query === 'string' ? parse(query) : query;
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation || operation.operation !== OperationTypeNode.SUBSCRIPTION) return null;
  const [root, ...others] = operation.selectionSet.selections;
  if (!root || others.length > 0 || root.kind !== Kind.FIELD) return null;
  const fieldName = root.name.value;
  if (fieldName !== 'inboxEvents' && fieldName !== 'messageReceived') return null;
  const responseKey = root.alias?.value ?? fieldName;
  const fragments = document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);

  const sinceArgument = root.arguments?.find((a) => a.name.value === 'since');
  const sinceVariable = sinceArgument?.value.kind === Kind.VARIABLE ? sinceArgument.value.name.value : SINCE_VARIABLE;
  const appSince = (variables: Variables): string | null => {
    if (sinceArgument?.value.kind === Kind.STRING) return sinceArgument.value.value;
    const value = variables[sinceVariable];
    return typeof value === 'string' && value ? value : null;
  };

  const injected: SelectionNode[] =
    fieldName === 'messageReceived'
      ? [field('id', ID), field('cursor', CURSOR)]
      : [field('__typename', TYPE), ...Object.keys(EVENT_TYPES).map((type) => onType(type, [field('cursor', CURSOR)]))];
  const selections = [...(root.selectionSet?.selections ?? []), ...injected];
  const ownDefinitions = operation.variableDefinitions ?? [];

  const rewrittenRoot: FieldNode = {
    ...root,
    arguments: [
      ...(root.arguments ?? []).filter((a) => a.name.value !== 'since'),
      { kind: Kind.ARGUMENT, name: name('since'), value: { kind: Kind.VARIABLE, name: name(sinceVariable) } },
    ],
    selectionSet: { kind: Kind.SELECTION_SET, selections },
  };
  const subscription: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        ...operation,
        variableDefinitions: sinceVariable === SINCE_VARIABLE ? [...ownDefinitions, stringVariable(SINCE_VARIABLE)] : ownDefinitions,
        selectionSet: { kind: Kind.SELECTION_SET, selections: [rewrittenRoot] },
      },
      ...fragments,
    ],
  };

  const eventSelections: SelectionNode[] =
    fieldName === 'inboxEvents'
      ? selections
      : [
          field('__typename', TYPE),
          onType('MessageReceivedEvent', [field('cursor', CURSOR), field('message', undefined, [...selections, field('isRead', READ)])]),
        ];
  const sync: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        kind: Kind.OPERATION_DEFINITION,
        operation: OperationTypeNode.QUERY,
        name: name(`${operation.name?.value ?? 'Inbox'}Sync`),
        variableDefinitions: [...ownDefinitions.filter((d) => d.variable.name.value !== sinceVariable), stringVariable(SYNC_SINCE_VARIABLE)],
        selectionSet: {
          kind: Kind.SELECTION_SET,
          selections: [
            {
              ...field('sync', SYNC, [field('cursor'), field('hasMore'), field('events', undefined, eventSelections)]),
              arguments: [{ kind: Kind.ARGUMENT, name: name('since'), value: { kind: Kind.VARIABLE, name: name(SYNC_SINCE_VARIABLE) } }],
            },
          ],
        },
      },
      ...fragments,
    ],
  };

  const itemOf = (value: unknown): ResumableItem | null => {
    if (!isRecord(value) || typeof value[CURSOR] !== 'string') return null;
    const item: ResumableItem = { value: strip(value), cursor: value[CURSOR], id: typeof value[ID] === 'string' ? value[ID] : null };
    return typeof value[TYPE] === 'string' && POSITIONLESS.has(value[TYPE]) ? { ...item, positionless: true } : item;
  };

  return {
    field: fieldName,
    responseKey,
    sinceVariable,
    subscription: print(subscription),
    sync: print(sync),
    appSince,
    fromSubscription: (data) => (isRecord(data) ? itemOf(data[responseKey]) : null),
    fromSync: (data, unreadOnly) => {
      const page = isRecord(data) ? data[SYNC] : null;
      if (!isRecord(page) || typeof page.cursor !== 'string' || !Array.isArray(page.events)) return null;
      const items: ResumableItem[] = [];
      for (const event of page.events as unknown[]) {
        if (!isRecord(event)) continue;
        if (fieldName === 'inboxEvents') {
          const item = itemOf(event);
          if (item) items.push(item);
          continue;
        }
        const message = event.message;
        if (event[TYPE] !== 'MessageReceivedEvent' || !isRecord(message) || typeof event[CURSOR] !== 'string') continue;
        if (unreadOnly && message[READ] === true) continue;
        items.push({ value: strip(message), cursor: event[CURSOR], id: typeof message[ID] === 'string' ? message[ID] : null });
      }
      return { items, cursor: page.cursor, hasMore: page.hasMore === true };
    },
  };
}
