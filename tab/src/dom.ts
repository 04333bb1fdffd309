/** Builds an element; text only ever goes in as textContent, so figures and titles cannot inject markup. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  children: (Node | string | undefined)[] = [],
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) {
    if (child === undefined) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

/** A data table with a caption and column headers, the accessible twin of every chart. */
export function dataTable(
  caption: string,
  headers: string[],
  rows: (string | number)[][],
  id?: string,
): HTMLElement {
  const table = el('table', id ? { id } : {}, [
    el('caption', {}, [caption]),
    el('thead', {}, [
      el(
        'tr',
        {},
        headers.map((header) => el('th', { scope: 'col' }, [header])),
      ),
    ]),
    el(
      'tbody',
      {},
      rows.map((row) =>
        el(
          'tr',
          {},
          row.map((cell, index) =>
            index === 0
              ? el('th', { scope: 'row' }, [String(cell)])
              : el('td', { class: typeof cell === 'number' ? 'number' : '' }, [String(cell)]),
          ),
        ),
      ),
    ),
  ]);
  return el('div', { class: 'table-wrap' }, [table]);
}
