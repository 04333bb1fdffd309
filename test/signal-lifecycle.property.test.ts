import assert from 'node:assert/strict';
import fc from 'fast-check';
import { NotAllowedError } from '../bot/domain/errors';
import { CLOSURE_REASONS, PARTNERS, SIGNAL_STATUSES, type Signal } from '../bot/domain/signals/signal';
import { applyCommand, type SignalCommand } from '../bot/domain/signals/signal-lifecycle';

/**
 * The signal state machine as properties: any sequence of commands by any of three coordinators
 * keeps a signal in a defined, consistent state; refusals are NotAllowedError and change nothing.
 */
const PEOPLE = ['carla', 'dave', 'erik'];

const command: fc.Arbitrary<SignalCommand> = fc.oneof(
  fc.constant({ kind: 'pick-up' as const }),
  fc.constantFrom(...PEOPLE).map((to) => ({ kind: 'assign' as const, to })),
  fc.constant({ kind: 'note' as const, note: 'notitie' }),
  fc.constant({ kind: 'ask-reporter' as const, question: 'Wanneer?', questionId: 'q', answerTokenHash: 'h' }),
  fc.constant({ kind: 'answer' as const, answer: 'Gisteren' }),
  fc.constantFrom(...PARTNERS).map((partner) => ({ kind: 'forward' as const, partner, on: '2026-11-25' })),
  fc
    .constantFrom('CAS-2026-0001', 'CAS-2026-0002')
    .map((caseReference) => ({ kind: 'link-case' as const, caseReference })),
  fc.constant({ kind: 'unlink-case' as const }),
  fc.record({
    kind: fc.constant('close' as const),
    reason: fc.constantFrom(...CLOSURE_REASONS),
    needsSecondCoordinator: fc.boolean(),
  }),
  fc.boolean().map((fourEyes) => ({ kind: 'approve-closure' as const, fourEyes })),
  fc.constant({ kind: 'reject-closure' as const }),
  fc.constant({ kind: 'withdraw-closure' as const }),
);
const step = fc.record({ command, by: fc.constantFrom(...PEOPLE) });

function newSignal(): Signal {
  return {
    id: 'signal:1',
    type: 'signal',
    tenantId: 't',
    reference: 'OND-2026-0001',
    status: 'new',
    category: 'drugs',
    location: 'Loods',
    description: 'Een beschrijving van twintig tekens',
    observedOn: '2026-11-24',
    urgency: 'normal',
    anonymous: true,
    receiptCodeHash: 'x',
    createdAt: '2026-11-25T09:00:00.000Z',
    revision: 1,
    history: [{ at: '2026-11-25T09:00:00.000Z', action: 'reported', status: 'new', by: 'anonymous' }],
  };
}

const NOW = new Date('2026-11-25T10:00:00Z');

function assertConsistent(signal: Signal): void {
  assert.ok(SIGNAL_STATUSES.includes(signal.status), `defined status ${signal.status}`);
  assert.equal(
    signal.status === 'closed',
    signal.closure !== undefined,
    'closed exactly when it has a closure',
  );
  if (signal.status === 'closed') {
    assert.equal(signal.pendingClosure, undefined, 'a closed signal waits for no approval');
    assert.equal(signal.pendingQuestion, undefined, 'a closed signal waits for no answer');
  }
  if (signal.status !== 'new' && signal.status !== 'closed')
    assert.ok(signal.assigneeAadObjectId, 'someone owns a signal in work');
  if (signal.status === 'case') assert.ok(signal.caseReference, 'a signal in a case names its case');
  if (signal.status === 'awaiting-reporter')
    assert.ok(signal.pendingQuestion, 'awaiting an answer to a question');
  assert.equal(signal.history.at(-1)?.status, signal.status, 'the history ends where the signal is');
}

describe('properties of the signal state machine', () => {
  it('random sequences never reach an undefined or inconsistent state; refusals change nothing', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        let signal = newSignal();
        for (const { command, by } of steps) {
          const before = structuredClone(signal);
          try {
            const { signal: next } = applyCommand(signal, command, by, NOW);
            assert.equal(next.revision, signal.revision + 1, 'each change is one revision');
            assert.equal(next.history.length, signal.history.length + 1, 'each change is one history entry');
            signal = next;
          } catch (error) {
            assert.ok(error instanceof NotAllowedError, `only NotAllowedError, got ${String(error)}`);
          }
          if (signal.revision === before.revision)
            assert.deepEqual(signal, before, 'a refusal changes nothing');
          assertConsistent(signal);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('closed is terminal: no command moves a closed signal', () => {
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 30 }),
        fc.array(step, { minLength: 1, maxLength: 10 }),
        (path, after) => {
          let signal = newSignal();
          for (const { command, by } of path) {
            try {
              signal = applyCommand(signal, command, by, NOW).signal;
            } catch {
              // refused steps are covered above
            }
          }
          fc.pre(signal.status === 'closed');
          for (const { command, by } of after)
            assert.throws(() => applyCommand(signal, command, by, NOW), NotAllowedError);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('while a closure waits for a second coordinator, only note, approve and reject are allowed', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), step, (path, { command, by }) => {
        let signal = newSignal();
        for (const s of path) {
          try {
            signal = applyCommand(signal, s.command, s.by, NOW).signal;
          } catch {
            // refused steps are covered above
          }
        }
        fc.pre(signal.pendingClosure !== undefined);
        const allowed = ['note', 'approve-closure', 'reject-closure', 'withdraw-closure'].includes(
          command.kind,
        );
        if (!allowed) assert.throws(() => applyCommand(signal, command, by, NOW), NotAllowedError);
        if (
          command.kind === 'approve-closure' &&
          command.fourEyes &&
          by === signal.pendingClosure?.requestedBy
        )
          assert.throws(() => applyCommand(signal, command, by, NOW), NotAllowedError, 'four eyes');
      }),
      { numRuns: 300 },
    );
  });

  it('applying a command never changes the signal it was given', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 20 }), (steps) => {
        let signal = newSignal();
        for (const { command, by } of steps) {
          const frozen = structuredClone(signal);
          try {
            const next = applyCommand(signal, command, by, NOW).signal;
            assert.deepEqual(signal, frozen, 'the input is left as it was');
            signal = next;
          } catch {
            assert.deepEqual(signal, frozen);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
