import { USER_TEXT_MARKER } from './card-validity';

/**
 * A report form filled in the way a careful colleague would; tests change one field at a time.
 * The typed texts carry USER_TEXT_MARKER, so every card any test sends is checked for them.
 */
export const validReport = {
  category: 'holiday-parks',
  location: `Recreatiepark De Eik, chalet 12 ${USER_TEXT_MARKER}`,
  description: `Elke nacht rijden busjes met Poolse kentekens af en aan; er wonen zeker tien mensen. ${USER_TEXT_MARKER}`,
  observedOn: '2026-11-24',
  involved: `Witte bus, kenteken AB-123-C ${USER_TEXT_MARKER}`,
  urgency: 'normal',
  anonymous: 'false',
};

/** The receipt code as shown on a receipt card (ABCD-EFGH), or undefined. */
export function receiptCodeIn(text: string): string | undefined {
  return /\b[A-Z2-9]{4}-[A-Z2-9]{4}\b/.exec(text)?.[0];
}
