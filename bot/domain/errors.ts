/**
 * Typed domain errors. The Teams edge maps each kind to a message or card in one place
 * (bot/teams/reply-to-error.ts); nothing else needs to know how they are shown.
 */
export type FieldErrors = Record<string, string>;

export class DomainError extends Error {}

/** Input failed validation; `fieldErrors` maps a field name to a message key. */
export class InvalidInputError extends DomainError {
  constructor(readonly fieldErrors: FieldErrors) {
    super(`invalid input: ${Object.keys(fieldErrors).join(', ')}`);
  }
}

/** The actor may not do this; `reasonKey` says why, in words a person understands. */
export class NotAllowedError extends DomainError {
  constructor(readonly reasonKey: string) {
    super(`not allowed: ${reasonKey}`);
  }
}

export class NotFoundError extends DomainError {
  constructor(readonly what: string) {
    super(`not found: ${what}`);
  }
}

/** Someone else changed the item first; the user should look again. */
export class ConflictError extends DomainError {
  constructor(readonly what: string) {
    super(`conflict: ${what}`);
  }
}
