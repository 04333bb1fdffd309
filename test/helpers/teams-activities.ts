/**
 * Builders for activities shaped like the ones Teams sends: channel `msteams`, the tenant in
 * both `conversation.tenantId` and `channelData.tenant.id`, the person's Entra id in `from`.
 */
export interface TeamsPerson {
  name: string;
  aadObjectId: string;
  tenantId: string;
}

export interface TeamsConversation {
  id: string;
  type: 'personal' | 'channel' | 'groupChat';
  teamId?: string;
  channelId?: string;
  /** The tenant the conversation lives in, when not the person's own (a shared channel of another organisation). */
  tenantId?: string;
  /** A shared channel: Teams marks it with `channelData.channel.type` "shared". */
  shared?: boolean;
}

export const BOT = { id: '28:daadkracht-test-bot', name: 'Daadkracht' };

let activityCounter = 0;

export function nextActivityId(): string {
  activityCounter += 1;
  return `1:activity-${Date.now().toString(36)}-${activityCounter}`;
}

interface Base {
  serviceUrl: string;
  person: TeamsPerson;
  conversation: TeamsConversation;
  locale?: string;
}

function envelope({ serviceUrl, person, conversation, locale = 'en-US' }: Base) {
  const tenantId = conversation.tenantId ?? person.tenantId;
  return {
    id: nextActivityId(),
    timestamp: new Date().toISOString(),
    localTimestamp: new Date().toISOString(),
    serviceUrl,
    channelId: 'msteams',
    from: { id: `29:${person.aadObjectId}`, name: person.name, aadObjectId: person.aadObjectId },
    conversation: {
      id: conversation.id,
      conversationType: conversation.type,
      tenantId,
      ...(conversation.type !== 'personal' ? { isGroup: true } : {}),
    },
    recipient: BOT,
    locale,
    entities: [{ type: 'clientInfo', locale, country: 'NL', platform: 'Web', timezone: 'Europe/Amsterdam' }],
    channelData: {
      tenant: { id: tenantId },
      ...(conversation.teamId
        ? {
            team: { id: conversation.teamId },
            channel: {
              id: conversation.channelId ?? conversation.id,
              ...(conversation.shared ? { type: 'shared' } : {}),
            },
          }
        : {}),
    },
  };
}

export function messageActivity(base: Base, text: string) {
  const mention =
    base.conversation.type === 'personal'
      ? {}
      : {
          text: `<at>${BOT.name}</at> ${text}`,
          entities: [
            { type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT },
            ...envelope(base).entities,
          ],
        };
  return { ...envelope(base), type: 'message', textFormat: 'plain', text, ...mention };
}

/** What Teams sends for an Action.Submit: the card's data plus its inputs, no text. */
export function cardSubmitActivity(base: Base, replyToId: string, value: Record<string, unknown>) {
  const activity = envelope(base);
  return {
    ...activity,
    type: 'message',
    replyToId,
    value,
    channelData: { ...activity.channelData, source: { name: 'message' }, legacy: { replyToId } },
  };
}

/** An invoke (Universal Actions, message extensions, dialogs...): Teams waits for its answer. */
export function invokeActivity(base: Base, name: string | undefined, value: unknown = {}) {
  return { ...envelope(base), type: 'invoke', ...(name === undefined ? {} : { name }), value };
}

export function installationAddActivity(base: Base) {
  return { ...envelope(base), type: 'installationUpdate', action: 'add' };
}

export function botAddedActivity(base: Base) {
  return {
    ...envelope(base),
    type: 'conversationUpdate',
    membersAdded: [{ id: `29:${base.person.aadObjectId}` }, { id: BOT.id }],
    channelData: { ...envelope(base).channelData, eventType: 'teamMemberAdded' },
  };
}

/** Who posted a message, as Teams describes it in a message action's `messagePayload.from`. */
export type MessageAuthor =
  | { user: { id: string; displayName: string } }
  | { application: { id: string; displayName: string; applicationIdentityType: 'bot' | 'webhook' } };

/**
 * The `messagePayload` Teams puts in a message action's invokes: the message as Microsoft Graph
 * describes a chatMessage (HTML body, `<at id="n">` mentions with their `mentions` entries).
 */
export function messagePayload(options: {
  html: string;
  from: MessageAuthor;
  createdDateTime: string;
  linkToMessage?: string;
  mentions?: { id: number; mentionText: string; user: { id: string; displayName: string } }[];
}) {
  const id = String(Date.parse(options.createdDateTime));
  return {
    linkToMessage:
      options.linkToMessage ?? `https://teams.microsoft.com/l/message/19:werkgroep@thread.tacv2/${id}`,
    id,
    replyToId: null,
    createdDateTime: options.createdDateTime,
    lastModifiedDateTime: null,
    deleted: false,
    summary: null,
    importance: 'normal',
    locale: 'nl-nl',
    body: { contentType: 'html', content: options.html },
    from: {
      device: null,
      conversation: null,
      user: 'user' in options.from ? { userIdentityType: 'aadUser', ...options.from.user } : null,
      application: 'application' in options.from ? options.from.application : null,
    },
    reactions: [],
    mentions: (options.mentions ?? []).map((mention) => ({
      id: mention.id,
      mentionText: mention.mentionText,
      mentioned: {
        device: null,
        conversation: null,
        user: { userIdentityType: 'aadUser', ...mention.user },
        application: null,
      },
    })),
    attachments: [],
  };
}

/** "Meld als signaal" chosen on a message: Teams asks the bot for the dialog. */
export function messageActionFetchActivity(base: Base, commandId: string, payload: unknown) {
  const activity = envelope(base);
  return {
    ...activity,
    type: 'invoke',
    name: 'composeExtension/fetchTask',
    channelData: { ...activity.channelData, source: { name: 'message' } },
    value: {
      commandId,
      commandContext: 'message',
      requestId: `request-${activity.id}`,
      messagePayload: payload,
      context: { theme: 'default' },
    },
  };
}

/** "Send" in that dialog: the card's data and inputs in `value.data`, the message again beside it. */
export function messageActionSubmitActivity(
  base: Base,
  commandId: string,
  payload: unknown,
  data: Record<string, unknown>,
) {
  const activity = envelope(base);
  return {
    ...activity,
    type: 'invoke',
    name: 'composeExtension/submitAction',
    channelData: { ...activity.channelData, source: { name: 'message' } },
    value: {
      commandId,
      commandContext: 'message',
      messagePayload: payload,
      context: { theme: 'default' },
      data,
    },
  };
}
