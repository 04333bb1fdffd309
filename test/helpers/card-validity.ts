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

/**
 * Test data marks text a person typed (report fields, notes, names) with this, so every card any
 * test sends can be checked for it in one place.
 */
export const USER_TEXT_MARKER = '«u»';

/**
 * Places where user text would be read as markdown (TextBlock, FactSet, titles...). User text may
 * reach a card only as a TextRun, an input's value or a choice's title, which Teams shows as
 * typed; an Action's `data` is not shown at all.
 */
export function markdownLeaks(
  node: unknown,
  marker = USER_TEXT_MARKER,
  path = 'card',
  parentType = '',
): string[] {
  if (typeof node === 'string') return node.includes(marker) ? [path] : [];
  if (Array.isArray(node))
    return node.flatMap((item, index) => markdownLeaks(item, marker, `${path}[${index}]`, parentType));
  if (node === null || typeof node !== 'object') return [];
  const element = node as Record<string, unknown>;
  const type = typeof element.type === 'string' ? element.type : parentType;
  return Object.entries(element).flatMap(([key, value]) => {
    if (key === 'data') return [];
    const plain =
      (type === 'TextRun' && key === 'text') ||
      (type.startsWith('Input.') && key === 'value') ||
      (type === 'Input.ChoiceSet' && key === 'choices');
    if (plain) return [];
    return markdownLeaks(value, marker, `${path}.${key}`, type === parentType ? type : type);
  });
}
