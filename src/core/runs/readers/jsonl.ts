/**
 * JSON Lines a custom loop writes (`{"step": 10, "loss": 2.3, "lr": 1e-4}` per line). Numeric leaves map through
 * the aliases; the step is the first step-named key, else the record number. A broken line is reported
 * (file and line) and skipped; an unterminated last line of a live file waits for the rest.
 */
import { canonicalSeries, isStepName } from '../aliases';
import { LineReader } from './lineReader';
import { numericLeaves, parsePythonJson } from './pyjson';
import { addIssue, type ReadTarget } from './reader';

export class JsonlReader extends LineReader {
  private record = 0;
  private readonly names = new Map<string, string>();

  constructor(private readonly t: ReadTarget) {
    super(t.decodeUtf8);
  }

  protected handle(line: string, lineNo: number, last?: boolean): void {
    if (line.trim() === '') return;
    let obj: unknown;
    try {
      obj = parsePythonJson(line);
    } catch (e) {
      addIssue(this.t, { line: lineNo, message: `${last ? 'truncated last record' : 'broken JSON'}: ${(e as Error).message}; line skipped` });
      return;
    }
    const leaves = numericLeaves(obj);
    if (!leaves.length) return;
    const stepLeaf = leaves.find(([k]) => isStepName(k));
    const step = stepLeaf && Number.isFinite(stepLeaf[1]) ? stepLeaf[1] : this.record;
    this.record++;
    for (const [k, v] of leaves) {
      if (k === stepLeaf?.[0]) continue;
      let name = this.names.get(k);
      if (name === undefined) {
        name = canonicalSeries(k);
        this.names.set(k, name);
      }
      this.t.set.push(name, step, v);
    }
  }
}
