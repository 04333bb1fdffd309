import { renderOpenItems, renderSearchResults } from '../../../cards/coordinator-cards';
import { listOpenItems, searchSignals } from '../../domain/signals/view-signals';
import { t } from '../../i18n/translate';
import type { Turn } from '../turn';

/** `open` / `open 2`. */
export async function showOpenItems(turn: Turn, pageText: string | undefined): Promise<void> {
  const page = Number.parseInt(pageText ?? '1', 10);
  const open = await listOpenItems(turn.services, turn.actor, Number.isFinite(page) ? page : 1);
  await turn.sendCard(renderOpenItems(turn.language, open));
}

/** `zoek <tekst>`. */
export async function searchForSignals(turn: Turn, text: string | undefined): Promise<void> {
  if (!text || text.trim().length < 2) return turn.sendText('search.usage');
  const found = await searchSignals(turn.services, turn.actor, text, (id) =>
    t(turn.language, `category.${id}`),
  );
  await turn.sendCard(renderSearchResults(turn.language, text.trim(), found));
}
