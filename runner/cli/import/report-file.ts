import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { csvLine } from '../audit-csv';

/**
 * The reject report, as CSV or — when its name ends in .xlsx — as a spreadsheet written with
 * exceljs's streaming WorkbookWriter (each row committed as it comes, so a report of many rejects
 * is not held in memory either).
 */
export interface ReportFile {
  write(cells: (string | number | null)[]): void;
  end(): Promise<void>;
}

export function openReport(file: string, header: string[]): ReportFile {
  if (/\.xlsx$/i.test(file)) {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: false });
    const sheet = workbook.addWorksheet('report');
    sheet.addRow(header).commit();
    return {
      write: (cells) => sheet.addRow(cells.map((c) => c ?? '')).commit(),
      end: async () => {
        sheet.commit();
        await workbook.commit();
      },
    };
  }
  const stream = fs.createWriteStream(file);
  stream.write(csvLine(header));
  return {
    write: (cells) => stream.write(csvLine(cells)),
    end: () => new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve()))),
  };
}
