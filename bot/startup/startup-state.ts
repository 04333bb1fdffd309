/**
 * Whether start-up has reached the store yet, and the last reason it could not. The HTTP server
 * listens before the store is reachable, so App Service's start-up check sees a live process that
 * says "starting" instead of a process that exits while the Cosmos DB role assignment propagates.
 */
export class StartupState {
  private isReady = false;
  private lastFailure: string | undefined;

  get ready(): boolean {
    return this.isReady;
  }

  /** Why the last attempt failed (safe to show: see describeStoreFailure); undefined before one failed. */
  get reason(): string | undefined {
    return this.lastFailure;
  }

  failed(reason: string): void {
    this.lastFailure = reason;
  }

  markReady(): void {
    this.isReady = true;
    this.lastFailure = undefined;
  }
}
