import { dateInZone, MUNICIPAL_TIME_ZONE } from '../../clock';
import { SIGNAL_LIMITS } from './parse-signal-form';

/**
 * The part of a Teams message that "Meld als signaal" reads (Teams sends it as `messagePayload`).
 * Everything in it is untrusted: its text was written by whoever posted the message, possibly a
 * bot or a webhook.
 */
export interface MessagePrefill {
  /** The message as plain text: markup removed, entities decoded, mentions as the names shown. */
  description: string;
  /** The day the message was posted (yyyy-mm-dd, Amsterdam), if Teams gave a valid time. */
  observedOn?: string;
  /** A link back to the message, only when it is an https link into Teams itself. */
  messageLink?: string;
}

/**
 * What the report form is prefilled with. Who posted the message and who is mentioned in it is
 * deliberately not read: the reporter is the person who used the action, never the author.
 */
export function prefillFromMessage(payload: unknown): MessagePrefill {
  const message = (payload && typeof payload === 'object' ? payload : {}) as Record<string, unknown>;
  const body = (message.body && typeof message.body === 'object' ? message.body : {}) as Record<
    string,
    unknown
  >;
  const content = typeof body.content === 'string' ? body.content : '';
  const text = body.contentType === 'html' ? htmlToText(content) : decodeEntities(content).trim();
  const created = typeof message.createdDateTime === 'string' ? new Date(message.createdDateTime) : undefined;
  const observedOn =
    created && !Number.isNaN(created.getTime()) ? dateInZone(created, MUNICIPAL_TIME_ZONE) : undefined;
  return {
    description: text.slice(0, SIGNAL_LIMITS.descriptionMax),
    ...(observedOn ? { observedOn } : {}),
    ...(teamsMessageLink(message.linkToMessage) ? { messageLink: message.linkToMessage as string } : {}),
  };
}

const MESSAGE_LINK_MAX = 2000;

/**
 * A link to a Teams message, or undefined: only https links to teams.microsoft.com, so a forged
 * payload cannot put a link to anywhere else on the coordinator's card.
 */
export function teamsMessageLink(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > MESSAGE_LINK_MAX) return undefined;
  try {
    const url = new URL(value);
    const valid =
      url.protocol === 'https:' &&
      url.hostname === 'teams.microsoft.com' &&
      !url.username &&
      !url.password &&
      url.port === '';
    return valid ? url.href : undefined;
  } catch {
    // Not a URL at all: there is simply no link to keep.
    return undefined;
  }
}

/** Teams' message HTML as the text a reader sees: block ends become line breaks, tags go. */
export function htmlToText(html: string): string {
  const withBreaks = html
    .replace(/<\s*br\s*\/?>/gi, '\n')
    .replace(/<\s*\/\s*(p|div|li|h[1-6]|blockquote|tr)\s*>/gi, '\n')
    .replace(/<\s*li[^>]*>/gi, '- ');
  const withoutTags = withBreaks.replace(/<[^>]*>/g, '');
  return decodeEntities(withoutTags)
    .replace(/[ \t\u00a0]+/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    return NAMED[name.toLowerCase()] ?? entity;
  });
}
