import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/** Debian's Chromium: the e2e test never downloads a browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for a quiet, offline headless Chromium; the tab's browser test uses them too. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export class ChromiumMissing extends Error {
  constructor() {
    super(
      `The end-to-end test needs Chromium at ${CHROMIUM} and did not find it. ` +
        "Install Debian's chromium: apt-get install -y chromium (or set CHROMIUM_PATH).",
    );
  }
}

export interface OfflineBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Headless Chromium with a fresh profile that may only talk to this machine: every request to
 * another host (the Playground asks a CDN for fonts) is aborted, so nothing leaves the machine.
 */
export async function launchOfflineChromium(viewport: {
  width: number;
  height: number;
}): Promise<OfflineBrowser> {
  if (!existsSync(CHROMIUM)) throw new ChromiumMissing();
  const profile = await mkdtemp(join(tmpdir(), 'daadkracht-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport,
    locale: 'nl-NL',
    timezoneId: 'Europe/Amsterdam',
  });
  await context.route('**/*', (route) => {
    const { hostname, protocol } = new URL(route.request().url());
    const local = hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
    if (local || protocol === 'data:' || protocol === 'about:') return route.continue();
    return route.abort('blockedbyclient');
  });
  return {
    context,
    close: async () => {
      await context.close().catch(() => undefined);
      await rm(profile, { recursive: true, force: true });
    },
  };
}
