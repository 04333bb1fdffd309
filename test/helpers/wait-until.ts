/**
 * Waits in real time for something the bot does on its own timers (the dispatcher, a restarted
 * process), bounded so a broken rule fails the test instead of hanging it.
 */
export async function until(condition: () => boolean, what: string, withinMs = 3_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not within ${withinMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
