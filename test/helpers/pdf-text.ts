import { inflateSync } from 'node:zlib';

/**
 * The text drawn in a PDF made with PDF's standard fonts (as pdfkit writes it): every TJ array's
 * hex strings, decoded as Windows-1252. Enough to search a generated report; not a general parser.
 */
export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const lines: string[] = [];
  for (const match of raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let content: string;
    try {
      content = inflateSync(Buffer.from(match[1] as string, 'latin1')).toString('latin1');
    } catch {
      continue;
    }
    for (const array of content.matchAll(/\[([\s\S]*?)\]\s*TJ/g)) {
      const hex = [...(array[1] as string).matchAll(/<([0-9a-fA-F]*)>/g)].map((part) => part[1]).join('');
      lines.push(new TextDecoder('windows-1252').decode(Buffer.from(hex, 'hex')));
    }
  }
  return lines.join('\n');
}
