/** Dates and times as the trail's users think of them: China Standard Time (UTC+08:00). */
const ZONE = 'Asia/Shanghai';

const dateTime = new Intl.DateTimeFormat('sv-SE', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});
const dateOnly = new Intl.DateTimeFormat('sv-SE', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** "2026-03-02 10:00:00" in UTC+8, from an ISO instant. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

/** An ISO instant in China Standard Time with its offset (2026-03-02T10:00:00.000+08:00), for exports. */
export function chinaTimeIso(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 23)}+08:00`;
}

/** Today's local date (UTC+8) as YYYY-MM-DD, shifted by `days`. */
export function localDate(days = 0, from = new Date()): string {
  return dateOnly.format(new Date(from.getTime() + days * 86_400_000));
}

/** Every date from `from` to `to` (YYYY-MM-DD, both included). */
export function datesBetween(from: string, to: string): string[] {
  const dates: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end && dates.length < 400; t += 86_400_000) {
    dates.push(new Date(t).toISOString().slice(0, 10));
  }
  return dates;
}

export function formatNumber(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined) return '—';
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

function csvCell(value: unknown): string {
  let text = Array.isArray(value) ? value.join(' ') : value === null || value === undefined ? '' : String(value);
  // A cell starting like a formula would be evaluated by a spreadsheet: keep it text.
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV with a byte-order mark, so spreadsheets open the Chinese text as UTF-8. */
export function toCsv(columns: string[], rows: Record<string, unknown>[]): string {
  const lines = [columns.join(','), ...rows.map((row) => columns.map((c) => csvCell(row[c])).join(','))];
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

export function download(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
