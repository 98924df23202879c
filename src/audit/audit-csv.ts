import { AuditItem } from './audit-log.reader';

/** The columns of GET /audit/commands?format=csv, in order; the header line names them. */
export const CSV_COLUMNS: (keyof AuditItem)[] = [
  'position',
  'commandId',
  'type',
  'actorId',
  'status',
  'code',
  'detail',
  'receivedAt',
  'payload',
  'metadata',
];

/** One CSV line of an audit item: RFC 4180 quoting, JSON for payload and metadata. */
export function csvLine(item: AuditItem): string {
  return CSV_COLUMNS.map((column) => csvField(item[column])).join(',');
}

function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text =
    typeof value === 'string'
      ? value
      : typeof value === 'number'
        ? String(value)
        : JSON.stringify(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
