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
      tenantId: person.tenantId,
      ...(conversation.type !== 'personal' ? { isGroup: true } : {}),
    },
    recipient: BOT,
    locale,
    entities: [{ type: 'clientInfo', locale, country: 'NL', platform: 'Web', timezone: 'Europe/Amsterdam' }],
    channelData: {
      tenant: { id: person.tenantId },
      ...(conversation.teamId
        ? { team: { id: conversation.teamId }, channel: { id: conversation.channelId ?? conversation.id } }
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
