import { createHash } from 'node:crypto';
import { type Clock, dateInZone, MUNICIPAL_TIME_ZONE } from '../../clock';
import type { Language } from '../../i18n/translate';
import { type IdSource, stableId } from '../../ids';
import type { Actor } from '../actor';
import type { AuditLog } from '../audit';
import { InvalidInputError } from '../errors';
import { newOutboxEntry } from '../outbox-messages';
import type { LinkSealer } from '../privacy/link-sealer';
import { isPartner } from '../roles/partners';
import type { RoleDirectory } from '../roles/role-directory';
import type { TenantSettingsRepository } from '../tenants/tenant-settings';
import { firstFeedbackDue, type WorkingDaysOf } from './feedback-deadlines';
import { teamsMessageLink } from './message-prefill';
import { parseSignalForm, type SignalFormValues } from './parse-signal-form';
import type { ReceiptCodeOf } from './receipt-codes';
import { linkRecipient, type ReporterLink, sealReporterLink, withoutUser } from './reporter-link';
import { formatReference, type Signal } from './signal';
import type { SignalRepository } from './signal-repository';

export interface SubmitSignalDeps {
  signals: SignalRepository;
  roles: RoleDirectory;
  tenantSettings: TenantSettingsRepository;
  workingDaysOf: WorkingDaysOf;
  audit: AuditLog;
  clock: Clock;
  ids: IdSource;
  receiptCodeOf: ReceiptCodeOf;
  /** Encrypts the sealed link to an anonymous reporter before it is stored. */
  linkSealer: LinkSealer;
}

/** How the reporter can be reached later; for anonymous reports this becomes a sealed link. */
export interface ReporterContact {
  conversation: Record<string, unknown>;
  language: Language;
  /**
   * The receipt goes to this conversation through the outbox, written with the signal: set when
   * the form was not sent from that conversation (the message action's dialog), so the receipt
   * cannot be shown in place.
   */
  receiptByMessage?: boolean;
}

/** Where a report came from, when not from the plain form: the message action's link back. */
export interface SignalOrigin {
  /** Untrusted; kept only when it is an https link into Teams (see teamsMessageLink). */
  messageLink?: unknown;
}

export interface SubmitSignalResult {
  signal: Signal;
  /**
   * The code the reporter can use with `status <code>`; the same for every submission of the
   * same form, so a retry shows it again. Absent only for reports from before codes were derived.
   */
  receiptCode?: string;
  duplicate: boolean;
}

const FORM_TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

/** Whether a form token has the shape the report form gives it (anything else: the form expired). */
export function validFormToken(formToken: unknown): formToken is string {
  return typeof formToken === 'string' && FORM_TOKEN.test(formToken);
}

/** The id of the signal a report form makes: derived from its token, so a resend finds the first. */
export function reportSignalId(tenantId: string, formToken: string): string {
  return `signal:${stableId(tenantId, formToken)}`;
}

export function receiptCodeHash(tenantId: string, code: string): string {
  return createHash('sha256').update(`${tenantId}\u0000${code.toUpperCase()}`).digest('hex');
}

/**
 * Stores a report from the form card. The form token makes the signal id, so a retried or
 * double-clicked submission finds the first signal instead of creating a second one.
 */
export async function submitSignal(
  deps: SubmitSignalDeps,
  actor: Actor,
  formToken: unknown,
  values: SignalFormValues,
  contact: ReporterContact,
  origin: SignalOrigin = {},
): Promise<SubmitSignalResult> {
  if (!validFormToken(formToken)) throw new InvalidInputError({ form: 'form.error.expired' });
  const signalId = reportSignalId(actor.tenantId, formToken);
  const receiptCode = deps.receiptCodeOf(actor.tenantId, formToken);
  // Independent reads at the same time: one round trip instead of three.
  const [existing, coordinatorIds, settings, reporterRoles] = await Promise.all([
    deps.signals.findById(actor.tenantId, signalId),
    deps.roles.coordinatorIds(actor.tenantId),
    deps.tenantSettings.get(actor.tenantId),
    deps.roles.rolesOf(actor.tenantId, actor.aadObjectId),
  ]);
  if (existing) return sameReceipt(deps, existing, actor, receiptCode);

  const fromPartner = isPartner(reporterRoles);
  const { organisation, ...draft } = parseSignalForm(values, deps.clock, { askOrganisation: fromPartner });
  const now = deps.clock.now();
  const year = Number(dateInZone(now, MUNICIPAL_TIME_ZONE).slice(0, 4));
  const workingDays = await deps.workingDaysOf(actor.tenantId, settings);
  const today = dateInZone(now, MUNICIPAL_TIME_ZONE);
  const messageLink = teamsMessageLink(origin.messageLink);
  const link: ReporterLink | undefined = draft.anonymous
    ? {
        id: `reporter-link:${deps.ids.token()}`,
        type: 'reporter-link',
        tenantId: actor.tenantId,
        conversation: withoutUser(contact.conversation),
        language: contact.language,
      }
    : undefined;

  const created = await deps.signals.createWithNextSequence(actor.tenantId, year, (sequence) => {
    const reference = formatReference(year, sequence);
    const signal: Signal = {
      ...draft,
      id: signalId,
      type: 'signal',
      tenantId: actor.tenantId,
      reference,
      status: 'new',
      ...(link
        ? { reporterLinkId: link.id }
        : { reporterAadObjectId: actor.aadObjectId, reporterName: actor.name }),
      ...(messageLink ? { messageLink } : {}),
      ...(fromPartner && organisation ? { partner: { organisation } } : {}),
      receiptCodeHash: receiptCodeHash(actor.tenantId, receiptCode),
      createdAt: now.toISOString(),
      revision: 1,
      feedbackDueOn: firstFeedbackDue(today, settings.feedback, workingDays),
      history: [
        {
          at: now.toISOString(),
          action: 'reported',
          status: 'new',
          by: draft.anonymous ? 'anonymous' : 'reporter',
        },
      ],
    };
    const outbox = coordinatorIds.map((coordinatorId) =>
      newOutboxEntry(
        actor.tenantId,
        `signal-notice:${signalId}:${coordinatorId}`,
        coordinatorId,
        { kind: 'signal-notice', signalId, reference, category: draft.category, urgency: draft.urgency },
        now,
      ),
    );
    if (contact.receiptByMessage) {
      // The form token, not the code: the store keeps no receipt code (it is derived at sending).
      outbox.push(
        newOutboxEntry(
          actor.tenantId,
          `signal-receipt:${signalId}`,
          link ? linkRecipient(link.id) : actor.aadObjectId,
          {
            kind: 'signal-receipt',
            signalId,
            reference,
            category: draft.category,
            urgency: draft.urgency,
            observedOn: draft.observedOn,
            anonymous: draft.anonymous,
            formToken,
          },
          now,
        ),
      );
    }
    return { signal, companions: link ? [...outbox, sealReporterLink(deps.linkSealer, link)] : outbox };
  });

  if (!created) {
    // Lost a race with an identical submission (double click): report the winner's signal.
    const winner = await deps.signals.findById(actor.tenantId, signalId);
    if (!winner) throw new Error('signal vanished after a conflicting create');
    return sameReceipt(deps, winner, actor, receiptCode);
  }
  await recordCreation(deps.audit, created);
  return { signal: created, receiptCode, duplicate: false };
}

/**
 * The audit record of a signal's creation, written after the signal exists (never for one that
 * was not created) and again on every resend of its form: its id is derived from the signal, so
 * a send whose answer was lost before the record was written (a crash, a failing store) gets it
 * written by the resend or Teams' redelivery, and a second write adds nothing. Who reported is on
 * the signal (until its retention term ends), never in the append-only audit.
 */
function recordCreation(audit: AuditLog, signal: Signal): Promise<void> {
  return audit.recordOnce({
    tenantId: signal.tenantId,
    actor: signal.anonymous ? 'anonymous' : 'reporter',
    action: 'signal.created',
    subjectId: signal.id,
    at: signal.createdAt,
  });
}

/**
 * The receipt of a form sent before: the same reference and the same code, and the creation's
 * audit record made sure of (see recordCreation). Holding the form's token (it lives in the
 * reporter's own chat) is what entitles one to the code; a named report also checks that the
 * reporter is the one asking. The hash check leaves out codes of reports made before codes were
 * derived, which cannot be shown again.
 */
async function sameReceipt(
  deps: Pick<SubmitSignalDeps, 'audit'>,
  signal: Signal,
  actor: Actor,
  receiptCode: string,
): Promise<SubmitSignalResult> {
  await recordCreation(deps.audit, signal);
  const mayShow =
    signal.receiptCodeHash === receiptCodeHash(actor.tenantId, receiptCode) &&
    (signal.anonymous || signal.reporterAadObjectId === actor.aadObjectId);
  return { signal, duplicate: true, ...(mayShow ? { receiptCode } : {}) };
}
