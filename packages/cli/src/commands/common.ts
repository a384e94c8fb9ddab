import { Option } from 'commander';

/** Splits repeatable, comma-separated option values: `--ou a,b --ou c` → [a, b, c]. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter((s) => s !== '')];
}

export const OUTPUT_FORMATS = ['text', 'json'] as const;

export function jsonOption(): Option {
  return new Option('--json', 'machine output (JSON) on stdout');
}
