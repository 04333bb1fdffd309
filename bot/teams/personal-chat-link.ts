/**
 * A Teams deep link that opens the 1:1 chat with the bot (`28:` marks a bot's id). Undefined in
 * local mode without an app id: the Agents Playground has no such link, the card then says where
 * the chat is.
 */
export function personalChatLink(botAppId: string | undefined): string | undefined {
  if (!botAppId) return undefined;
  return `https://teams.microsoft.com/l/chat/0/0?users=28:${encodeURIComponent(botAppId)}`;
}
