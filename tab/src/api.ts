import type { StringTable } from './strings';

export interface PageConfig {
  localMode: boolean;
  language: string;
  strings: StringTable;
  auth?: { clientId: string; scopeUri: string };
}

/** Thrown when the API says no: 401 (sign-in) or 403 (no role), with the server's message. */
export class ApiRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function loadPageConfig(): Promise<PageConfig> {
  const response = await fetch('/api/tab/config');
  if (!response.ok) throw new Error(`config: ${response.status}`);
  return (await response.json()) as PageConfig;
}

export async function getJson<T>(path: string, token: string | undefined): Promise<T> {
  const response = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (response.status === 401 || response.status === 403) {
    const body = (await response.json().catch(() => ({}))) as { message?: string };
    throw new ApiRefusal(response.status, body.message ?? '');
  }
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return (await response.json()) as T;
}

/** Fetches a file with the token and hands it to the browser as a download. */
export async function download(path: string, token: string | undefined, filename: string): Promise<void> {
  const response = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!response.ok) {
    // The server says why in the person's language (no access any more, a wrong quarter).
    const body = (await response.json().catch(() => ({}))) as { message?: string };
    throw new ApiRefusal(response.status, body.message ?? '');
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Sends JSON with the token; every answer comes back with its status, for the form to show. */
export async function sendJson<T>(
  method: 'PUT' | 'POST' | 'DELETE',
  path: string,
  body: unknown,
  token: string | undefined,
): Promise<{ status: number; body: T }> {
  const response = await fetch(path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json().catch(() => ({}))) as T };
}
