import { renderSignalStatus } from '../../../cards';
import { NotFoundError } from '../../domain/errors';
import { signalByReceiptCode } from '../../domain/signals/read-signals';
import type { Turn } from '../turn';

export async function showStatusByCode(turn: Turn, code: string | undefined): Promise<void> {
  if (!code) {
    await turn.sendText('message.statusUsage');
    return;
  }
  try {
    const signal = await signalByReceiptCode(turn.services, turn.actor, code);
    await turn.sendCard(renderSignalStatus(turn.language, signal));
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    await turn.sendText('message.statusNotFound');
  }
}
