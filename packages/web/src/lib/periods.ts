/** Period choices for a data set's period type, newest first (DHIS2 ids: 2024, 2024Q1, 202401, 2024W05, 20240131). */
export function recentPeriods(type: string, now = new Date(), count = 60): string[] {
  const y = now.getFullYear();
  const m = now.getMonth(); // 0-based
  const pad = (n: number): string => String(n).padStart(2, '0');
  const out: string[] = [];
  switch (type) {
    case 'Yearly':
      for (let k = 0; k < 12; k++) {
        out.push(String(y - k));
      }
      break;
    case 'Quarterly':
      for (let k = 0; k < 24; k++) {
        const q = Math.floor(m / 3) - k;
        const yy = y + Math.floor(q / 4);
        out.push(`${yy}Q${(((q % 4) + 4) % 4) + 1}`);
      }
      break;
    case 'Monthly':
      for (let k = 0; k < count + 12; k++) {
        const d = new Date(y, m - k, 1);
        out.push(`${d.getFullYear()}${pad(d.getMonth() + 1)}`);
      }
      break;
    case 'Weekly':
      for (let k = 0; k < 160; k++) {
        out.push(isoWeek(new Date(now.getTime() - k * 7 * 86_400_000)));
      }
      break;
    default:
      for (let k = 0; k < 120; k++) {
        const d = new Date(now.getTime() - k * 86_400_000);
        out.push(`${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}`);
      }
  }
  return out;
}

export function isoWeek(d: Date): string {
  const t = new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((t.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${t.getUTCFullYear()}W${String(week).padStart(2, '0')}`;
}

/** The last period before the current one (what a clerk fills in now). */
export function lastPeriod(type: string, now = new Date()): string {
  const list = recentPeriods(type, now);
  return list[1] ?? list[0] ?? '';
}
