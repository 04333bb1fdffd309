import * as AdaptiveCards from 'adaptivecards';

/** The newest Adaptive Card schema Teams renders on desktop, web and mobile. */
export const TEAMS_CARD_VERSION = '1.5';

/**
 * Problems the official Adaptive Cards library finds in a card at the schema version Teams
 * supports: unknown elements, bad property values, duplicate input ids, a too-new version.
 */
export function cardProblems(card: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (card.type !== 'AdaptiveCard') problems.push(`type is ${String(card.type)}`);
  if (typeof card.version !== 'string' || Number(card.version) > Number(TEAMS_CARD_VERSION)) {
    problems.push(`version ${String(card.version)} is newer than ${TEAMS_CARD_VERSION}`);
  }
  const parsed = new AdaptiveCards.AdaptiveCard();
  const context = new AdaptiveCards.SerializationContext(AdaptiveCards.Versions.v1_5);
  parsed.parse(card, context);
  for (let i = 0; i < context.eventCount; i += 1) problems.push(context.getEventAt(i).message);
  for (const event of parsed.validateProperties().validationEvents) problems.push(event.message);
  const leftovers = templateLeftovers(card);
  if (leftovers.length > 0) problems.push(`unbound template expressions: ${leftovers.join(', ')}`);
  return problems;
}

/**
 * `${…}` left in the card's own text means a binding found no data. Text a user typed (input
 * values, TextRuns) may contain such characters legitimately, so those are not searched.
 */
function templateLeftovers(node: unknown): string[] {
  if (typeof node === 'string') return node.match(/\$\{[^}]*\}/g) ?? [];
  if (Array.isArray(node)) return node.flatMap(templateLeftovers);
  if (node === null || typeof node !== 'object') return [];
  const element = node as Record<string, unknown>;
  const type = String(element.type ?? '');
  return Object.entries(element).flatMap(([key, value]) => {
    const userText = (type.startsWith('Input.') && key === 'value') || (type === 'TextRun' && key === 'text');
    return userText ? [] : templateLeftovers(value);
  });
}
