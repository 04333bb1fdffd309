/**
 * A function whose first call with matching arguments gets `early` (a read started ahead, while
 * the turn opened); every other call goes to `otherwise`. Single use, so a later ask in the same
 * turn (a re-read after a conflict) is never answered from before it. See bot/teams/routes.ts
 * (`readAhead`).
 */
export function answeredOnce<A extends unknown[], R>(
  early: Promise<R>,
  matches: (...args: A) => boolean,
  otherwise: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  let unused: Promise<R> | undefined = early;
  // A turn that never asks (a duplicate delivery, a refused partner) must not leave it unobserved.
  early.catch(() => undefined);
  return (...args) => {
    if (unused && matches(...args)) {
      const answer = unused;
      unused = undefined;
      return answer;
    }
    return otherwise(...args);
  };
}
