// Prints a titled plain-text table with right-aligned numeric-looking columns.
export type Row = readonly string[];

export const printTable = (title: string, header: Row, rows: readonly Row[], notes: readonly string[] = []): void => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = (s: string): boolean => /^[-+]?[\d.,]+[x%]?$/.test(s) || s === '-';
  const line = (r: Row): string =>
    r.map((c, i) => (i > 0 && numeric(c) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  console.log(`\n## ${title}\n`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  for (const n of notes) console.log(`  ${n}`);
};
