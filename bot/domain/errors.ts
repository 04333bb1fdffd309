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

/**
 * A change was sent to the store, but whether it was applied is unknown (its answer was lost and
 * retrying could not settle it). Never tell the user "nothing was saved" after this: say it may
 * not have gone through and that trying again is safe (every change is idempotent on retry).
 */
export class OutcomeUnknownError extends Error {
  constructor(
    readonly operation: string,
    /** The stamp the change carried, so a caller can recognise its own write when it reads. */
    readonly writeId?: string,
    options?: { cause?: unknown },
  ) {
    super(`outcome unknown: ${operation}`, options);
  }
}
