import { CATEGORY_IDS } from '../signals/categories';
import { LINES_OF_WORK, type LineOfWork } from './lines-of-work';

/**
 * The playbook (handelingskader) is a set of texts: what ondermijning is, who to call, what not
 * to do, what to do per category of signal and what to look for per line of work. Each starts as
 * the programme's text from the string tables (playbook.seed.<field>, Dutch and English); a
 * coordinator may replace any of them for the tenant. A replaced text is shown as written in
 * every language (coordinators write one text; see docs/decisions.md).
 */
export const PLAYBOOK_FIELDS = [
  'intro',
  'whoToCall',
  'whatNotToDo',
  ...CATEGORY_IDS.map((id) => `category.${id}` as const),
  ...LINES_OF_WORK.map((id) => `work.${id}` as const),
] as const;

export type PlaybookField = (typeof PLAYBOOK_FIELDS)[number];

export const workField = (line: LineOfWork): PlaybookField => `work.${line}`;

export function isPlaybookField(value: string): value is PlaybookField {
  return (PLAYBOOK_FIELDS as readonly string[]).includes(value);
}

/** The tenant's own texts, one document per tenant; a field not in `texts` is the seeded text. */
export interface StoredPlaybook {
  id: 'playbook';
  type: 'playbook';
  tenantId: string;
  texts: Partial<Record<PlaybookField, string>>;
  updatedAt: string;
  updatedBy: string;
}

export const PLAYBOOK_ID = 'playbook';

/** Longest text per field: a page of guidance, not a document store. */
export const MAX_FIELD_LENGTH = 3000;

/** One text as shown: the tenant's own or the seeded one, and which. */
export interface PlaybookText {
  field: PlaybookField;
  text: string;
  custom: boolean;
}

/** The seeded texts in one language, from the string tables. */
export type PlaybookSeed = (field: PlaybookField) => string;

/** Every field's text: the tenant's where it has one, else the seed. */
export function resolvePlaybook(stored: StoredPlaybook | undefined, seed: PlaybookSeed): PlaybookText[] {
  return PLAYBOOK_FIELDS.map((field) => {
    const own = stored?.texts[field];
    return own ? { field, text: own, custom: true } : { field, text: seed(field), custom: false };
  });
}
