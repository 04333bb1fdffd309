/**
 * The formatting coordinators may use in the playbook: paragraphs (a blank line between), bullet
 * lists (lines starting with "- " or "* ") and **bold**. Nothing else is markup: no HTML, no
 * links, no images, so text from a coordinator can only ever be shown as text. The result is a
 * structure, not HTML: the tab builds DOM text nodes from it and cards build TextRuns.
 */
export interface SafeRun {
  text: string;
  bold: boolean;
}

export type SafeBlock = { kind: 'paragraph'; runs: SafeRun[] } | { kind: 'list'; items: SafeRun[][] };

const BULLET = /^\s*[-*]\s+/;

/** Splits `**bold**` from plain text; an unmatched `**` stays as typed. */
export function parseRuns(line: string): SafeRun[] {
  const runs: SafeRun[] = [];
  const pattern = /\*\*(.+?)\*\*/g;
  let last = 0;
  for (const match of line.matchAll(pattern)) {
    const start = match.index ?? 0;
    if (start > last) runs.push({ text: line.slice(last, start), bold: false });
    runs.push({ text: match[1] as string, bold: true });
    last = start + match[0].length;
  }
  if (last < line.length) runs.push({ text: line.slice(last), bold: false });
  return runs;
}

/** Parses the formatting subset into blocks; lines of one paragraph are joined with a space. */
export function parseSafeText(text: string): SafeBlock[] {
  const blocks: SafeBlock[] = [];
  let paragraph: string[] = [];
  let list: SafeRun[][] | undefined;
  const flushParagraph = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', runs: parseRuns(paragraph.join(' ')) });
    paragraph = [];
  };
  const flushList = () => {
    if (list) blocks.push({ kind: 'list', items: list });
    list = undefined;
  };
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trim();
    if (line === '') {
      flushParagraph();
      flushList();
    } else if (BULLET.test(raw)) {
      flushParagraph();
      list ??= [];
      list.push(parseRuns(raw.replace(BULLET, '').trim()));
    } else if (list && /^\s{2,}/.test(raw)) {
      // An indented line continues the bullet above it.
      const item = list[list.length - 1] as SafeRun[];
      item.push({ text: ' ', bold: false }, ...parseRuns(line));
    } else {
      flushList();
      paragraph.push(line);
    }
  }
  flushParagraph();
  flushList();
  return blocks;
}

/** The bullets of a text, each as plain text (bold marks removed): the examples a field lists. */
export function bulletsOf(text: string): string[] {
  return parseSafeText(text)
    .flatMap((block) => (block.kind === 'list' ? block.items : []))
    .map((runs) => runs.map((run) => run.text).join(''));
}
