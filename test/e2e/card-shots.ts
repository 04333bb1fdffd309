import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';

/** A card as the Playground received it from the bot (the JSON), remembered for the dark rendering. */
export interface ReceivedCard {
  at: number;
  content: Record<string, unknown>;
}

/**
 * Collects every Adaptive Card the bot sent to the Playground, from the Playground's own websocket:
 * the exact JSON its page renders.
 */
export function collectCards(page: Page): ReceivedCard[] {
  const cards: ReceivedCard[] = [];
  page.on('websocket', (socket) => {
    socket.on('framereceived', ({ payload }) => {
      const text = String(payload);
      if (!text.includes('application/vnd.microsoft.card.adaptive')) return;
      try {
        const frame = JSON.parse(text) as {
          message?: { attachments?: { contentType: string; content: object }[] };
        };
        for (const attachment of frame.message?.attachments ?? []) {
          if (attachment.contentType === 'application/vnd.microsoft.card.adaptive') {
            cards.push({ at: Date.now(), content: attachment.content as Record<string, unknown> });
          }
        }
      } catch {
        // Log frames quote activities too; only whole messages are cards to keep.
      }
    });
  });
  return cards;
}

/** Teams-like dark styling for what the host config cannot set (inputs and buttons). */
const DARK_CSS = `
  body { margin: 0; padding: 24px; background: #1f1f1f; font-family: 'Segoe UI', system-ui, sans-serif; }
  #card { width: 560px; border-radius: 6px; overflow: hidden; }
  .ac-input, .ac-input select, .ac-textInput, .ac-multichoiceInput, input, textarea, select {
    background: #1f1f1f; color: #fff; border: 1px solid #605e5c; border-radius: 4px; padding: 6px 8px; font: inherit;
  }
  .ac-pushButton { background: #292929; color: #fff; border: 1px solid #605e5c; border-radius: 4px; padding: 6px 12px; font: inherit; font-weight: 600; }
  .ac-pushButton.style-positive, .ac-pushButton.primary { background: #4f52b2; border-color: #4f52b2; }
  .ac-pushButton.expanded { background: #3d3e78; }
  a { color: #a6a7dc; }
  /* Like the Playground (and Teams on a narrow window), wrap a row of buttons instead of cutting it off. */
  .ac-actionSet { flex-wrap: wrap; row-gap: 8px; }
`;

/** Enough of Teams' markdown for reading the rendering: bold, italics, lists, links; text escaped first. */
function markdownScript(): string {
  return `
    AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
      const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      const inline = (s) => escape(s)
        .replace(/\\*\\*(.+?)\\*\\*/g, '<strong>$1</strong>')
        .replace(/(^|\\W)[_*](.+?)[_*](?=\\W|$)/g, '$1<em>$2</em>')
        .replace(/\\[([^\\]]+)\\]\\(([^)]+)\\)/g, '<a href="$2">$1</a>');
      const lines = text.split(/\\r?\\n/);
      let html = '';
      let inList = false;
      for (const line of lines) {
        const item = /^\\s*(?:[-*]|\\d+\\.)\\s+(.*)$/.exec(line);
        if (item) { if (!inList) { html += '<ul>'; inList = true; } html += '<li>' + inline(item[1]) + '</li>'; continue; }
        if (inList) { html += '</ul>'; inList = false; }
        html += line.trim() === '' ? '<br>' : '<p style="margin:0">' + inline(line) + '</p>';
      }
      if (inList) html += '</ul>';
      result.outputHtml = html;
      result.didProcess = true;
    };`;
}

/** The page's render function, defined by renderScript. */
interface DarkRenderer {
  renderCard(card: object): void;
}

/** Renders one card into #card with the official renderer (a browser global) and the dark host config. */
function renderScript(hostConfig: string): string {
  return `
    const darkHostConfig = new AdaptiveCards.HostConfig(${hostConfig});
    window.renderCard = (card) => {
      const target = document.getElementById('card');
      target.innerHTML = '';
      const adaptiveCard = new AdaptiveCards.AdaptiveCard();
      adaptiveCard.hostConfig = darkHostConfig;
      adaptiveCard.parse(card);
      const rendered = adaptiveCard.render();
      if (rendered) target.appendChild(rendered);
    };`;
}

/**
 * Screenshots of each card: light as the Agents Playground shows it, dark rendered from the same JSON
 * with the official adaptivecards renderer and a Teams-like dark host config (the Playground 0.2.28
 * has no dark theme and ignores the system's colour scheme).
 */
export class CardShots {
  private darkPage?: Page;
  private count = 0;
  readonly files: string[] = [];

  constructor(
    private readonly context: BrowserContext,
    private readonly cards: ReceivedCard[],
    readonly dir: string,
  ) {}

  async take(name: string, card: Locator, identifying: RegExp): Promise<void> {
    this.count += 1;
    const base = `${String(this.count).padStart(2, '0')}-${name}`;
    await mkdir(this.dir, { recursive: true });
    const light = join(this.dir, `${base}.light.png`);
    await card.screenshot({ path: light, animations: 'disabled', caret: 'hide' });
    this.files.push(light);
    const json = [...this.cards]
      .reverse()
      .find((received) => identifying.test(JSON.stringify(received.content)));
    if (!json) throw new Error(`no card matching ${identifying} arrived on the Playground's websocket`);
    await writeFile(join(this.dir, `${base}.json`), JSON.stringify(json.content, null, 2));
    const dark = join(this.dir, `${base}.dark.png`);
    await this.renderDark(json.content, dark);
    this.files.push(dark);
  }

  private async renderDark(content: Record<string, unknown>, path: string): Promise<void> {
    const page = await this.darkRenderer();
    await page.evaluate((card) => (globalThis as unknown as DarkRenderer).renderCard(card), content);
    await page.locator('#card').screenshot({ path });
  }

  private async darkRenderer(): Promise<Page> {
    if (this.darkPage) return this.darkPage;
    const page = await this.context.newPage();
    await page.setContent(
      `<!doctype html><html><head><style>${DARK_CSS}</style></head><body><div id="card"></div></body></html>`,
    );
    await page.addScriptTag({ path: require.resolve('adaptivecards/dist/adaptivecards.js') });
    const hostConfig = await readFile(join(__dirname, 'teams-dark-host-config.json'), 'utf8');
    await page.addScriptTag({ content: `${markdownScript()}${renderScript(hostConfig)}` });
    this.darkPage = page;
    return page;
  }
}
