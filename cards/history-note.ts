import { CLOSURE_REASONS, PARTNERS } from '../bot/domain/signals/signal';
import { type Language, t } from '../bot/i18n/translate';

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A history entry's note as a person reads it. Forward and closure entries store their details
 * as codes joined by " · " (`riec · 2026-11-25 · …`, `no-follow-up · …`); each code part is shown
 * in words and each date as dd-mm-jjjj. Stored history stays as it is, so older entries read well too.
 */
export function historyNote(language: Language, note: string | undefined): string {
  if (!note) return '';
  return note
    .split(' · ')
    .map((part) => {
      if ((CLOSURE_REASONS as readonly string[]).includes(part)) return t(language, `closureReason.${part}`);
      if ((PARTNERS as readonly string[]).includes(part)) return t(language, `partner.${part}`);
      const day = ISO_DAY.exec(part);
      return day ? `${day[3]}-${day[2]}-${day[1]}` : part;
    })
    .join(' · ');
}
