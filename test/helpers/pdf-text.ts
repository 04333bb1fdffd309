/**
 * The text of a PDF as a reader sees it, extracted by Mozilla's PDF.js through each font's
 * ToUnicode map: one line per text run. Embedded fonts draw glyph ids, not characters, so a
 * report whose text survives this extraction is also one a screen reader can read.
 */
export async function pdfText(pdf: Buffer): Promise<string> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const document = await getDocument({
    data: new Uint8Array(pdf),
    useSystemFonts: false,
    isEvalSupported: false,
  }).promise;
  const lines: string[] = [];
  for (let number = 1; number <= document.numPages; number++) {
    const page = await document.getPage(number);
    for (const item of (await page.getTextContent()).items)
      if ('str' in item && item.str.trim() !== '') lines.push(item.str);
  }
  await document.destroy();
  return lines.join('\n');
}
