import { CardFactory, type InvokeResponse } from 'botbuilder';
import { renderReportForm } from '../../../cards';
import { InvalidInputError } from '../../domain/errors';
import { prefillFromMessage, teamsMessageLink } from '../../domain/signals/message-prefill';
import { submitSignal } from '../../domain/signals/submit-signal';
import { t } from '../../i18n/translate';
import { reachPersonalChat } from '../reach-personal-chat';
import type { Turn } from '../turn';

/** The message action's id in manifest/manifest.template.json (composeExtensions[0].commands[0]). */
export const REPORT_MESSAGE_COMMAND = 'reportMessage';

interface ActionValue {
  messagePayload?: unknown;
  data?: unknown;
}

/**
 * "Meld als signaal" opened on a message: the report form as a dialog, prefilled with the
 * message's text and date. Only the person who used the action sees the dialog.
 */
export async function openReportDialog(turn: Turn, value: unknown): Promise<InvokeResponse> {
  const { ids, clock } = turn.services;
  const prefill = prefillFromMessage((value as ActionValue | undefined)?.messagePayload);
  return dialog(turn, {
    formToken: ids.token(),
    now: clock.now(),
    values: {
      description: prefill.description,
      ...(prefill.observedOn ? { observedOn: prefill.observedOn } : {}),
    },
    fromMessage: { messageLink: prefill.messageLink },
    askOrganisation: await turn.isPartner(),
  });
}

/**
 * "Send" in that dialog: the same validation, reference, code and notices as `meld`. On success
 * the dialog closes (an answer without a body) and the receipt goes to the reporter's 1:1 chat
 * through the outbox; nothing is posted where the action was used. Bad input brings the dialog
 * back with the values and a message per field.
 */
export async function submitReportDialog(turn: Turn, value: unknown): Promise<InvokeResponse> {
  const { services } = turn;
  const action = (value ?? {}) as ActionValue;
  const values = (action.data && typeof action.data === 'object' ? action.data : {}) as Record<
    string,
    unknown
  >;
  // The link Teams sends with the message wins over the one the form carried; both are checked.
  const messageLink =
    teamsMessageLink((action.messagePayload as { linkToMessage?: unknown } | undefined)?.linkToMessage) ??
    teamsMessageLink(values.messageLink);
  const askOrganisation = await turn.isPartner();
  const again = (errors: Record<string, string>, formToken: string) =>
    dialog(turn, {
      askOrganisation,
      formToken,
      now: services.clock.now(),
      values,
      errors,
      fromMessage: { messageLink },
    });
  const sameToken = typeof values.formToken === 'string' ? values.formToken : services.ids.token();
  try {
    const conversation = await reachPersonalChat(turn);
    if (!conversation) return again({ form: 'form.error.noPersonalChat' }, sameToken);
    const result = await submitSignal(
      services,
      turn.actor,
      values.formToken,
      values,
      { conversation, language: turn.language, receiptByMessage: true },
      { messageLink },
    );
    if (!result.duplicate) {
      services.logger.info(
        { signalId: result.signal.id, tenantId: turn.actor.tenantId },
        'signal reported from a message',
      );
    }
    return { status: 200 };
  } catch (error) {
    if (!(error instanceof InvalidInputError)) {
      services.logger.error(
        { err: error, tenantId: turn.actor.tenantId },
        'report from a message could not be confirmed',
      );
      return again({ form: 'form.error.outcomeUnknown' }, sameToken);
    }
    const formToken = error.fieldErrors.form ? services.ids.token() : sameToken;
    return again(error.fieldErrors, formToken);
  }
}

function dialog(turn: Turn, form: Parameters<typeof renderReportForm>[1]): InvokeResponse {
  const card = renderReportForm(turn.language, form);
  return {
    status: 200,
    body: {
      task: {
        type: 'continue',
        value: {
          title: t(turn.language, 'form.title'),
          width: 'medium',
          height: 'large',
          card: CardFactory.adaptiveCard(card),
        },
      },
    },
  };
}
