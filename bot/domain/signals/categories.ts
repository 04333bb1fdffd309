/** The starting taxonomy from the audit; labels live in the string tables (category.<id>). */
export const CATEGORY_IDS = [
  'drugs',
  'holiday-parks',
  'rural-vacant-buildings',
  'human-trafficking',
  'money-laundering-real-estate',
  'abuse-municipal-services',
  'intimidation-influence',
  'other',
] as const;

export type CategoryId = (typeof CATEGORY_IDS)[number];
