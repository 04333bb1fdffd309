import { renderRetentionPolicy } from '../../../cards/privacy-cards';
import { InvalidInputError } from '../../domain/errors';
import {
  changeRetentionPolicy,
  type RetentionChange,
  showRetentionPolicy,
} from '../../domain/privacy/manage-retention';
import type { CategoryId } from '../../domain/signals/categories';
import type { ClosureReason } from '../../domain/signals/signal';
import type { Turn } from '../turn';

/** The words an admin types for a closure reason (Dutch first, the code's ids work too). */
const REASON_WORDS: Record<string, ClosureReason> = {
  'geen-vervolg': 'no-follow-up',
  'zonder-vervolg': 'no-follow-up',
  'no-follow-up': 'no-follow-up',
  'onvoldoende-informatie': 'insufficient-information',
  'insufficient-information': 'insufficient-information',
  doorgezet: 'forwarded-done',
  'forwarded-done': 'forwarded-done',
  samengevoegd: 'merged',
  merged: 'merged',
};

/**
 * `bewaartermijnen` shows the terms; `bewaartermijnen geen-vervolg 6`,
 * `bewaartermijnen categorie intimidation-influence 36` (or `… geen`), `bewaartermijnen waarschuwing 4`
 * change one (admins).
 */
export async function retentionCommand(turn: Turn, argument: string | undefined): Promise<void> {
  const words = (argument ?? '').trim();
  if (!words) {
    await turn.sendCard(
      renderRetentionPolicy(turn.language, await showRetentionPolicy(turn.services, turn.actor)),
    );
    return;
  }
  const change = parseChange(words);
  if (!change) return turn.sendText('privacy.retention.usageText', { input: words });
  try {
    const policy = await changeRetentionPolicy(turn.services, turn.actor, change);
    await turn.sendText('privacy.retention.saved');
    await turn.sendCard(renderRetentionPolicy(turn.language, policy));
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    return turn.sendText(Object.values(error.fieldErrors)[0] ?? 'privacy.retention.usageText', {
      input: words,
    });
  }
}

function parseChange(words: string): RetentionChange | undefined {
  const warning = /^(?:waarschuwing|warning)\s+(\d{1,3})$/.exec(words);
  if (warning) return { kind: 'warning', weeks: Number(warning[1]) };
  const category = /^(?:categorie|category)\s+(\S+)\s+(\d{1,3}|geen|none)$/.exec(words);
  if (category) {
    const months = /^\d+$/.test(category[2] as string) ? Number(category[2]) : undefined;
    return { kind: 'category', category: category[1] as CategoryId, months };
  }
  const reason = /^(\S+)\s+(\d{1,3})$/.exec(words);
  const closureReason = reason ? REASON_WORDS[reason[1] as string] : undefined;
  if (reason && closureReason) return { kind: 'reason', reason: closureReason, months: Number(reason[2]) };
  return undefined;
}
