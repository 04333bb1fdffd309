import type { PlaybookField, PlaybookSeed } from '../domain/playbook/playbook';
import { type Language, t } from './translate';

/** The programme's playbook texts in one language (playbook.seed.<field> in the string tables). */
export function playbookSeed(language: Language): PlaybookSeed {
  return (field: PlaybookField) => t(language, `playbook.seed.${field}`);
}
