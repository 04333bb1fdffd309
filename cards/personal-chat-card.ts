import { type Language, t } from '../bot/i18n/translate';
import personalChatOnlyTemplate from './personal-chat-only.json';
import { type AdaptiveCardJson, renderTemplate } from './render-template';

/**
 * The answer to a command that works only in the 1:1 chat: why, in one sentence, and a button
 * that opens that chat (or, without a Teams app id, where to find it).
 */
export function renderPersonalChatOnly(
  language: Language,
  reason: string,
  link: string | undefined,
): AdaptiveCardJson {
  return renderTemplate(personalChatOnlyTemplate, language, {
    text: t(language, `message.personalChat.${reason}`),
    link: link ?? '',
  });
}
