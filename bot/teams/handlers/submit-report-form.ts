import { TurnContext } from 'botbuilder';
import { renderReceipt, renderReportForm } from '../../../cards';
import { InvalidInputError } from '../../domain/errors';
import { submitSignal } from '../../domain/signals/submit-signal';
import type { Turn } from '../turn';

/**
 * The report form's "send": the form is replaced in place by the receipt, or comes back with
 * the entered values and a message per field. When the store failed, whether the report was
 * stored is not known: the form comes back with the values and the same token, saying that
 * sending again is safe (the token makes a second send find the first report and its receipt).
 */
export async function submitReportForm(turn: Turn, values: Record<string, unknown>): Promise<void> {
  const { services } = turn;
  try {
    const conversation = JSON.parse(JSON.stringify(TurnContext.getConversationReference(turn.activity)));
    const result = await submitSignal(services, turn.actor, values.formToken, values, {
      conversation,
      language: turn.language,
    });
    await turn.replaceCard(renderReceipt(turn.language, result));
    if (!result.duplicate) {
      services.logger.info({ signalId: result.signal.id, tenantId: turn.actor.tenantId }, 'signal reported');
    }
  } catch (error) {
    if (!(error instanceof InvalidInputError)) {
      services.logger.error({ err: error, tenantId: turn.actor.tenantId }, 'report could not be confirmed');
      await turn.replaceCard(
        renderReportForm(turn.language, {
          formToken: String(values.formToken),
          now: services.clock.now(),
          values,
          errors: { form: 'form.error.outcomeUnknown' },
          askOrganisation: await turn.isPartner(),
        }),
      );
      return;
    }
    const formToken =
      typeof values.formToken === 'string' && !error.fieldErrors.form
        ? values.formToken
        : services.ids.token();
    await turn.replaceCard(
      renderReportForm(turn.language, {
        formToken,
        now: services.clock.now(),
        values,
        errors: error.fieldErrors,
        askOrganisation: await turn.isPartner(),
      }),
    );
  }
}
