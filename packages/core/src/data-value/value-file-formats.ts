/**
 * The file formats data values are imported from and exported to. Here in the domain, not in the
 * services, so that the CLI can list them in its help without loading the import and export code.
 */
export const DataFormat = {
  CSV: 'csv',
  XLSX: 'xlsx',
  DHIS2_JSON: 'dhis2-json',
  DHIS2_CSV: 'dhis2-csv',
} as const;
export type DataFormat = (typeof DataFormat)[keyof typeof DataFormat];
export const DATA_FORMATS: readonly DataFormat[] = Object.values(DataFormat);

export const ExportFormat = {
  CSV: 'csv',
  XLSX: 'xlsx',
  DHIS2_JSON: 'dhis2-json',
  DHIS2_CSV: 'dhis2-csv',
} as const;
export type ExportFormat = (typeof ExportFormat)[keyof typeof ExportFormat];
export const EXPORT_FORMATS: readonly ExportFormat[] = Object.values(ExportFormat);
