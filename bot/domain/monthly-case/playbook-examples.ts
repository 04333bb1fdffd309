import { LINES_OF_WORK } from '../playbook/lines-of-work';
import { type PlaybookText, workField } from '../playbook/playbook';
import { bulletsOf } from '../playbook/safe-text';
import type { PlaybookExample } from './case-queue';

/**
 * The playbook's examples in turn across the lines of work (the first of each line, then the
 * second of each...), so consecutive months speak to different colleagues.
 */
export function playbookExamples(texts: PlaybookText[]): PlaybookExample[] {
  const perLine = LINES_OF_WORK.map((line) => ({
    line,
    bullets: bulletsOf(texts.find((text) => text.field === workField(line))?.text ?? ''),
  }));
  const longest = Math.max(0, ...perLine.map((entry) => entry.bullets.length));
  const examples: PlaybookExample[] = [];
  for (let index = 0; index < longest; index += 1) {
    for (const { line, bullets } of perLine) {
      const text = bullets[index];
      if (text) examples.push({ line, index, text });
    }
  }
  return examples;
}
