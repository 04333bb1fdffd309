import type { CaptureConnector } from '../test/helpers/capture-connector';
import { postActivity, postRawBody } from '../test/helpers/post-to-bot';
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

  post(activity: object, headers: Record<string, string> = {}): Promise<number> {
    return postActivity(this.url, activity, headers);
  }

  /** Posts any body (raw text, or JSON of any shape) to /api/messages; returns status and parsed answer. */
  postRaw(body: string, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
    return postRawBody(this.url, body, headers);
  }
}
