/**
 * CSV with a header row: Lightning's CSVLogger `metrics.csv` (sparse: a row fills only the columns logged at
 * that step) and the CSVs custom loops write. Columns map through the aliases; the step column is the first
 * one named like a step (else the row number). Empty cells are "not logged here"; `nan`/`inf` are kept.
 * A row with the wrong number of cells is reported (file and line) and skipped; the rest is kept.
 */
import { canonicalSeries, isStepName } from '../aliases';
import type { SeriesBuilder } from '../seriesBuilder';
import { parseNumber } from '../seriesBuilder';
import { LineReader } from './lineReader';
import { addIssue, type ReadTarget } from './reader';

export class CsvReader extends LineReader {
  private columns: Array<SeriesBuilder | null> | null = null;
  private stepColumn = -1;
  private row = 0;
  private delimiter = ',';

  constructor(private readonly t: ReadTarget) {
    super(t.decodeUtf8);
  }

  protected handle(line: string, lineNo: number, last?: boolean): void {
    if (line.length === 0 || (line.charCodeAt(0) <= 32 && line.trim() === '')) return;
    if (!this.columns) {
      this.header(line);
      return;
    }
    const cells = line.includes('"') ? splitQuoted(line, this.delimiter) : line.split(this.delimiter);
    if (cells.length !== this.columns.length) {
      addIssue(this.t, {
        line: lineNo,
        message: `${last ? 'truncated last row' : 'ragged row'}: ${cells.length} cells where the header has ${this.columns.length}; row skipped`,
      });
      return;
    }
    this.row++;
    let step = this.row - 1;
    if (this.stepColumn >= 0) {
      const cell = cells[this.stepColumn];
      const s = cell === '' ? NaN : +cell;
      if (Number.isFinite(s)) step = s;
    }
    for (let i = 0; i < cells.length; i++) {
      const b = this.columns[i];
      if (!b) continue;
      const cell = cells[i];
      if (cell === '') continue;
      let v = +cell;
      if (Number.isNaN(v)) {
        const p = parseNumber(cell);
        if (p === undefined) continue;
        v = p;
      }
      b.push(step, v);
    }
  }

  private header(line: string): void {
    if (!line.includes(',') && line.includes('\t')) this.delimiter = '\t';
    const names = (line.includes('"') ? splitQuoted(line, this.delimiter) : line.split(this.delimiter)).map((n) => n.trim());
    this.stepColumn = names.findIndex((n) => isStepName(n));
    this.columns = names.map((n, i) => (i === this.stepColumn || n === '' ? null : this.t.set.get(canonicalSeries(n))));
  }
}

/** Split one CSV line with RFC 4180 quotes ("a,b" and "" inside quotes). */
function splitQuoted(line: string, delimiter: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}
