import { isLanguage, t } from '../../i18n/translate';
import type { Turn } from '../turn';

/** `taal en` / `taal nl`: remembered per person, answered in the new language. */
export async function setLanguage(turn: Turn, language: string | undefined): Promise<void> {
  if (!isLanguage(language)) {
    await turn.sendText('message.unknownCommand');
    return;
  }
  await turn.services.users.setLanguage(
    turn.actor.tenantId,
    turn.actor.aadObjectId,
    language,
    turn.services.clock.now(),
  );
  await turn.context.sendActivity(t(language, 'message.languageChanged'));
}
