/** Posts an activity to a bot's /api/messages as Teams would; returns the HTTP status. */
export async function postActivity(
  baseUrl: string,
  activity: object,
  headers: Record<string, string> = {},
): Promise<number> {
  const response = await fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(activity),
  });
  await response.arrayBuffer();
  return response.status;
}

/** Posts any body (raw text, or JSON of any shape) to /api/messages; returns status and parsed answer. */
export async function postRawBody(
  baseUrl: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed };
}
