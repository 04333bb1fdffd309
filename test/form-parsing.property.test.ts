import assert from 'node:assert/strict';
import fc from 'fast-check';
import { InvalidInputError } from '../bot/domain/errors';
import { CATEGORY_IDS } from '../bot/domain/signals/categories';
import { COORDINATOR_ACTIONS, parseCoordinatorAction } from '../bot/domain/signals/parse-signal-command';
import { parseSignalForm, SIGNAL_LIMITS } from '../bot/domain/signals/parse-signal-form';
import type { SignalDraft } from '../bot/domain/signals/signal';
import { normalizeUserText } from '../bot/domain/user-text';
import { ManualClock } from './helpers/manual-clock';

/** Form parsing as properties: whatever a card sends, the answer is a draft or InvalidInputError. */
const clock = new ManualClock('2026-11-25T10:00:00Z');
const TODAY = '2026-11-25';
const RUNS = { numRuns: 300 };

/** Any UTF-16 code unit, lone surrogates, controls and bidi overrides included. */
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
const hostileText = fc.string({
  unit: fc.oneof(anyCodeUnit, fc.constantFrom('\u202e', '\u0000', '\r', '\ud800')),
});

const FORM_FIELDS = ['category', 'location', 'description', 'observedOn', 'involved', 'urgency', 'anonymous'];
const anyValue = fc.oneof(fc.anything(), hostileText, fc.constant(''), fc.constant(undefined));
const anyFormValues = fc.dictionary(fc.oneof(fc.constantFrom(...FORM_FIELDS), fc.string()), anyValue);

/** Text a person could type that is already normal: letters, digits, accents, punctuation, emoji. */
const SAFE = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789éëïüçÅß,.-/()#&!?:;\'"'];
const plainText = (min: number, max: number) =>
  fc
    .array(
      fc.oneof({ weight: 10, arbitrary: fc.constantFrom(...SAFE) }, fc.constantFrom(' ', '\n', '😀', '\t')),
      {
        minLength: min,
        maxLength: max,
      },
    )
    .map((chars) => chars.join('').trim())
    .filter((text) => [...text].length >= min && [...text].length <= max);

const pastDate = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date(`${TODAY}T00:00:00Z`), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));

const validDraft: fc.Arbitrary<SignalDraft> = fc.record({
  category: fc.constantFrom(...CATEGORY_IDS),
  location: plainText(SIGNAL_LIMITS.locationMin, 60),
  description: plainText(SIGNAL_LIMITS.descriptionMin, 300),
  observedOn: pastDate,
  involved: fc.option(plainText(1, 80), { nil: undefined }),
  urgency: fc.constantFrom('normal', 'urgent' as const),
  anonymous: fc.boolean(),
});

/** What a card sends for a draft: strings only, '' for an empty input. */
const asCardValues = (draft: SignalDraft) => ({
  ...draft,
  involved: draft.involved ?? '',
  anonymous: String(draft.anonymous),
});

/** Compared as stored: own fields only, an absent optional field and an undefined one alike. */
const plain = (value: object) => JSON.parse(JSON.stringify(value));

function outcome(parse: () => unknown): unknown {
  try {
    return { ok: parse() };
  } catch (error) {
    if (error instanceof InvalidInputError) return { errors: error.fieldErrors };
    throw error;
  }
}

describe('properties of form parsing', () => {
  it('the report form throws nothing but InvalidInputError, whatever arrives', () => {
    fc.assert(
      fc.property(anyFormValues, (values) => {
        outcome(() => parseSignalForm(values, clock));
      }),
      RUNS,
    );
  });

  it('a valid report round-trips: the draft parsed is the draft typed', () => {
    fc.assert(
      fc.property(validDraft, (draft) => {
        assert.deepEqual(plain(parseSignalForm(asCardValues(draft), clock)), plain(draft));
      }),
      RUNS,
    );
  });

  it('control characters, bidi overrides and surrounding noise change nothing in the outcome', () => {
    const noise = fc.constantFrom('\u0000', '\u202e', '\u2066', '\u200f', '\u0007', '\u202c');
    fc.assert(
      fc.property(validDraft, noise, (draft, junk) => {
        const noisy = { ...asCardValues(draft), location: `${junk}${draft.location}${junk}` };
        assert.deepEqual(plain(parseSignalForm(noisy, clock)), plain(draft));
      }),
      RUNS,
    );
  });

  it('every stored text of a parsed report is already normal', () => {
    fc.assert(
      fc.property(anyFormValues, (values) => {
        const result = outcome(() => parseSignalForm(values, clock)) as { ok?: SignalDraft };
        if (!result.ok) return;
        for (const text of [result.ok.location, result.ok.description, result.ok.involved ?? ''])
          assert.equal(normalizeUserText(text), text);
      }),
      RUNS,
    );
  });

  it('every coordinator action form throws nothing but InvalidInputError', () => {
    const extras = {
      questionId: 'q',
      answerTokenHash: 'h',
      needsSecondCoordinator: () => true,
      fourEyes: true,
    };
    const fields = [
      'assignee',
      'note',
      'question',
      'partner',
      'forwardedOn',
      'caseReference',
      'reason',
      'mergedInto',
    ];
    const values = fc.dictionary(fc.oneof(fc.constantFrom(...fields), fc.string()), anyValue);
    fc.assert(
      fc.property(fc.constantFrom(...COORDINATOR_ACTIONS), values, (action, input) => {
        const result = outcome(() => parseCoordinatorAction(action, input, extras)) as {
          ok?: { kind: string };
        };
        if (result.ok) assert.equal(result.ok.kind, action);
      }),
      RUNS,
    );
  });
});

describe('properties of text normalisation', () => {
  it('is idempotent', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const once = normalizeUserText(text);
        assert.equal(normalizeUserText(once), once);
      }),
      { numRuns: 1000 },
    );
  });

  it('leaves no control character (but newline and tab), no bidi control, no lone surrogate; NFC', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const clean = normalizeUserText(text);
        // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point
        assert.doesNotMatch(clean, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
        assert.doesNotMatch(clean, /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/);
        assert.doesNotMatch(clean, /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
        assert.equal(clean.normalize('NFC'), clean);
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps ordinary text exactly as typed', () => {
    fc.assert(
      fc.property(plainText(0, 200), (text) => assert.equal(normalizeUserText(text), text)),
      RUNS,
    );
  });
});
