export interface Row {
  figure: string;
  values: string[];
}

/** Prints a Markdown table, so the output can go into docs/performance.md as it is. */
export function printTable(header: string[], rows: Row[]): void {
  const lines = [header, header.map(() => '---'), ...rows.map((row) => [row.figure, ...row.values])];
  for (const line of lines) print(`| ${line.join(' | ')} |`);
}

/** The benchmark's output: the table and its notes go to stdout, progress to stderr. */
export function print(text: string): void {
  process.stdout.write(`${text}\n`);
}
