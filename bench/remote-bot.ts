import type { CaptureConnector } from '../test/helpers/capture-connector';
import type { ChatEndpoint } from '../test/helpers/test-bot';

/**
 * A bot in another process (the production build), spoken to as TestBot is: activities posted to
 * its /api/messages, answers recorded by a capture connector in this process (their serviceUrl).
 */
export class RemoteBot implements ChatEndpoint {
  constructor(
    readonly url: string,
    readonly connector: CaptureConnector,
  ) {}

  async post(activity: object, headers: Record<string, string> = {}): Promise<number> {
    const response = await fetch(`${this.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(activity),
    });
    await response.arrayBuffer();
    return response.status;
  }

  async postRaw(
    body: string,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${this.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }
}
