/** Splits repeatable, comma-separated option values: `--ou a,b --ou c` → [a, b, c]. */
export function collect(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  ];
}
