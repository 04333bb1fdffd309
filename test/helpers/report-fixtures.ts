/** A report form filled in the way a careful colleague would; tests change one field at a time. */
export const validReport = {
  category: 'holiday-parks',
  location: 'Recreatiepark De Eik, chalet 12',
  description: 'Elke nacht rijden busjes met Poolse kentekens af en aan; er wonen zeker tien mensen.',
  observedOn: '2026-11-24',
  involved: 'Witte bus, kenteken AB-123-C',
  urgency: 'normal',
  anonymous: 'false',
};

/** The receipt code as shown on a receipt card (ABCD-EFGH), or undefined. */
export function receiptCodeIn(text: string): string | undefined {
  return /\b[A-Z2-9]{4}-[A-Z2-9]{4}\b/.exec(text)?.[0];
}
