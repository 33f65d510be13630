/**
 * `training-advisor diagnose <files or folders…>` — options, example and exit codes in ./commandTable.
 *
 * Finds training runs (trainer_state.json, metrics.csv, events.out.tfevents.*, *.csv, *.jsonl, *.log) under
 * the paths, reads them and runs the diagnosis catalog (src/core/runs). Output:
 *   text   each run, its series as one-line sparklines, then its diagnoses with steps and advice refs
 *   json   {"version":1,"runs":[{"path","format","series":[{"name","points":[[step,value]…]}],
 *           "diagnoses":[{"id","severity","startStep","endStep","message","evidence","advice","relatedRules"}],
 *           "issues":[{"file","line"?,"offset"?,"message"}]}]} — NaN/Inf values are null in points
 *   sarif  SARIF 2.1.0, one result per diagnosis, rule metadata from the diagnosis docs
 * Exit: 0 no diagnoses, 1 diagnoses, 2 usage error, unreadable path or corrupt input (reported on stderr with
 * file and line/offset; everything readable is still diagnosed).
 */
import { diagnoseRun } from '../core/runs/diagnose';
import { diagnoses as catalog, getDiagnosis } from '../core/runs/diagnoses/registry';
import { sparkline } from '../core/runs/sparkline';
import { fmt } from '../core/runs/stats';
import type { RunData, RunDiagnosis } from '../core/runs/types';
import { findRuns, readRunFromDisk } from '../node/runFiles';
import { UsageError, type ParsedArgs } from './args';
import { SARIF_LEVEL, sarifLog, type SarifDescriptor, type SarifResult } from './sarif';

type Format = 'text' | 'json' | 'sarif';
type Lang = 'zh' | 'en';

interface Report {
  run: RunData;
  diagnoses: RunDiagnosis[];
}

export function runDiagnose(args: ParsedArgs, lang: Lang): number {
  let opts: ReturnType<typeof diagnoseOptions>;
  try {
    opts = diagnoseOptions(args);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`training-advisor diagnose: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  let failed = false;
  const reportError = (msg: string) => {
    failed = true;
    process.stderr.write(`training-advisor diagnose: ${msg}\n`);
  };
  const reports: Report[] = [];
  for (const source of findRuns(opts.paths, reportError)) {
    const run = readRunFromDisk(source);
    for (const i of run.issues) reportError(`${i.file}${i.line !== undefined ? `:${i.line}` : ''}${i.offset !== undefined ? ` (byte ${i.offset})` : ''}: ${i.message}`);
    reports.push({ run, diagnoses: diagnoseRun(run, { disabled: opts.disabled }) });
  }
  const out = opts.format === 'json' ? toJson(reports, lang) : opts.format === 'sarif' ? toSarif(reports, lang) : toText(reports, lang);
  if (out) process.stdout.write(out.endsWith('\n') ? out : `${out}\n`);
  if (failed) return 2;
  return reports.some((r) => r.diagnoses.length) ? 1 : 0;
}

function diagnoseOptions(args: ParsedArgs) {
  const format = (args.values.get('format') ?? 'text') as Format;
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif, got "${format}"`);
  const disabled = (args.values.get('disable') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const id of disabled) if (!getDiagnosis(id)) throw new UsageError(`unknown diagnosis "${id}" in --disable (diagnoses: ${catalog.map((d) => d.id).join(', ')})`);
  if (!args.positionals.length) throw new UsageError('give run files or folders to diagnose');
  return { paths: args.positionals, format, disabled };
}

// ---- output --------------------------------------------------------------------------------------------

const SHOWN = ['train_loss', 'eval_loss', 'learning_rate', 'grad_norm', 'throughput', 'step_time_ms', 'memory'];

function toText(reports: Report[], lang: Lang): string {
  const lines: string[] = [];
  for (const { run, diagnoses } of reports) {
    lines.push(`${run.path} (${run.format})`);
    const series = run.series.filter((s) => SHOWN.includes(s.name) || /loss/.test(s.name));
    const width = Math.max(10, ...series.map((s) => s.name.length));
    for (const s of series) {
      const first = s.values[0];
      const last = s.values[s.values.length - 1];
      lines.push(`  ${s.name.padEnd(width)} ${sparkline(s).padEnd(40)} ${fmt(first)} → ${fmt(last)}  (${s.values.length} ${lang === 'zh' ? '点' : 'points'}, ${lang === 'zh' ? '步' : 'steps'} ${s.steps[0]}–${s.steps[s.steps.length - 1]})`);
    }
    if (!diagnoses.length) lines.push(`  ${lang === 'zh' ? '没有发现问题' : 'no problems found'}`);
    for (const d of diagnoses) {
      lines.push(`  ${d.severity === 'warning' ? '⚠' : 'ℹ'} ${d.id} [${lang === 'zh' ? '步' : 'steps'} ${d.startStep}–${d.endStep}] ${d.message[lang]}`);
      lines.push(`      ${lang === 'zh' ? '建议' : 'advice'} ${d.advice.join(', ')}${d.relatedRules.length ? `; ${lang === 'zh' ? '相关代码规则' : 'related code rules'} ${d.relatedRules.join(', ')}` : ''}`);
    }
  }
  return lines.join('\n');
}

const num = (v: number) => (Number.isFinite(v) ? v : null);

function toJson(reports: Report[], lang: Lang): string {
  return JSON.stringify({
    version: 1,
    runs: reports.map(({ run, diagnoses }) => ({
      path: run.path,
      format: run.format,
      series: run.series.map((s) => ({ name: s.name, points: Array.from(s.steps, (st, i) => [st, num(s.values[i])]) })),
      diagnoses: diagnoses.map((d) => ({
        id: d.id,
        severity: d.severity,
        startStep: d.startStep,
        endStep: d.endStep,
        message: d.message[lang],
        evidence: Object.fromEntries(Object.entries(d.evidence).map(([k, v]) => [k, typeof v === 'number' ? num(v) : v])),
        advice: d.advice,
        relatedRules: d.relatedRules,
        series: d.series,
      })),
      ...(Object.keys(run.meta).length ? { meta: run.meta } : {}),
      issues: run.issues,
    })),
  });
}

function toSarif(reports: Report[], lang: Lang): string {
  const entries: SarifDescriptor[] = catalog.map((d) => ({
    id: d.id,
    title: d.title,
    docs: d.docs,
    advice: d.advice,
    level: SARIF_LEVEL[d.severity],
    properties: { advice: d.advice, relatedRules: d.relatedRules, tags: ['training-run'] },
  }));
  const results = reports.flatMap(({ run, diagnoses }) => diagnoses.map((d): SarifResult => ({
    ruleId: d.id,
    level: SARIF_LEVEL[d.severity],
    message: `${d.message[lang]} (advice ${d.advice.join(', ')})`,
    locations: [{ physicalLocation: { artifactLocation: { uri: run.path.split(/[\\/]/).join('/') } } }],
    properties: { startStep: d.startStep, endStep: d.endStep, evidence: d.evidence, advice: d.advice },
  })));
  return sarifLog(entries, results, lang);
}
