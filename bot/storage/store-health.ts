/**
 * Why the store could not be reached, in words safe to show on /healthz and in logs: an HTTP
 * status, a network error code, an identity error's class name or "timeout". Never the error's
 * message, which may carry the endpoint, a resource path or parts of a token.
 */
export function describeStoreFailure(error: unknown): string {
  const failure = error as {
    name?: unknown;
    code?: unknown;
    statusCode?: unknown;
    substatus?: unknown;
    cause?: unknown;
  } | null;
  if (!failure || typeof failure !== 'object') return 'store unreachable: unknown error';
  if (failure.name === 'AbortError' || failure.name === 'TimeoutError' || failure.code === 'TimeoutError') {
    return 'store unreachable: timeout';
  }
  const status = typeof failure.statusCode === 'number' ? failure.statusCode : failure.code;
  if (typeof status === 'number') {
    const substatus = typeof failure.substatus === 'number' ? ` (substatus ${failure.substatus})` : '';
    return `store unreachable: ${status}${substatus}`;
  }
  if (typeof failure.code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(failure.code)) {
    return `store unreachable: ${failure.code}`;
  }
  // @azure/identity: CredentialUnavailableError, AuthenticationError (the managed identity's token).
  if (
    typeof failure.name === 'string' &&
    /^(CredentialUnavailable|Authentication)Error$/.test(failure.name)
  ) {
    return `identity: ${failure.name}`;
  }
  if (failure.cause) return describeStoreFailure(failure.cause);
  return 'store unreachable: unknown error';
}

export type StoreHealth = { reachable: true } | { reachable: false; reason: string };

/** Reads the database once, within `timeoutMs`; the answer says why when it fails. */
export async function probe(
  read: (signal: AbortSignal) => Promise<unknown>,
  timeoutMs: number,
): Promise<StoreHealth> {
  try {
    await read(AbortSignal.timeout(timeoutMs));
    return { reachable: true };
  } catch (error) {
    return { reachable: false, reason: describeStoreFailure(error) };
  }
}
