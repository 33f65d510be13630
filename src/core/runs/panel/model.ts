/**
 * What the run panel shows, built from a read run and its diagnoses: the chartable series at full resolution
 * (Float64Arrays, which VS Code's postMessage carries as binary buffers, not JSON; the webview decimates them to
 * its pixel width and re-decimates the visible range on zoom, see ./decimate), and each diagnosis with its title, message, evidence and the advice it cites quoted
 * from the knowledge base. vscode-free: the extension builds it, the webview only draws it.
 */
import type { KnowledgeBase, Lang } from '../../knowledge/types';
import { localize } from '../../knowledge/localize';
import { refLabel, resolveAdviceRef } from '../../knowledge/refs';
import { escapeHtml, renderMarkdown } from '../../render/markdown';
import { getDiagnosisMeta } from '../diagnoses/catalog';
import { fmt } from '../stats';
import type { RunData, RunDiagnosis } from '../types';

/** Charts in panel order; each shows only the series the run logged. */
export const CHARTS: ReadonlyArray<{ id: string; series: readonly string[] }> = [
  { id: 'loss', series: ['train_loss', 'eval_loss'] },
  { id: 'learning_rate', series: ['learning_rate'] },
  { id: 'grad_norm', series: ['grad_norm'] },
  { id: 'throughput', series: ['throughput'] },
  { id: 'memory', series: ['memory'] },
];

export interface PanelSeries {
  name: string;
  /** Every point of the series, ordered by step; non-finite values kept (drawn as breaks). */
  steps: Float64Array;
  values: Float64Array;
}

/** postMessage sends a typed array's whole underlying buffer: hand over views that cover all of theirs. */
const own = (a: Float64Array) => (a.byteOffset === 0 && a.byteLength === a.buffer.byteLength ? a : a.slice());

export interface PanelChart {
  id: string;
  series: PanelSeries[];
}

export interface PanelDiagnosis {
  id: string;
  severity: string;
  title: string;
  startStep: number;
  endStep: number;
  /** The chart the diagnosis is drawn on (the chart of its series), or null when no chart shows it. */
  chart: string | null;
  /** Escaped HTML (message, evidence, quoted advice); the webview sanitizes it again before inserting. */
  html: string;
}

export interface PanelModel {
  path: string;
  format: string;
  charts: PanelChart[];
  diagnoses: PanelDiagnosis[];
  issues: string[];
}

export function chartOf(series: string): string | null {
  return CHARTS.find((c) => c.series.includes(series))?.id ?? null;
}

export function buildPanelModel(run: RunData, diagnoses: readonly RunDiagnosis[], kb: KnowledgeBase, lang: Lang): PanelModel {
  const charts: PanelChart[] = [];
  for (const c of CHARTS) {
    const series = c.series.flatMap((name) => {
      const s = run.series.find((x) => x.name === name);
      return s && s.steps.length ? [{ name, steps: own(s.steps), values: own(s.values) }] : [];
    });
    if (series.length) charts.push({ id: c.id, series });
  }
  return {
    path: run.path,
    format: run.format,
    charts,
    diagnoses: diagnoses.map((d, i) => panelDiagnosis(d, i, kb, lang)),
    issues: run.issues.map((i) => `${i.file}${i.line !== undefined ? `:${i.line}` : ''}${i.offset !== undefined ? ` (byte ${i.offset})` : ''}: ${i.message}`),
  };
}

function panelDiagnosis(d: RunDiagnosis, index: number, kb: KnowledgeBase, lang: Lang): PanelDiagnosis {
  const title = localize(getDiagnosisMeta(d.id)?.title ?? { en: d.id, zh: d.id }, lang);
  const steps = d.startStep === d.endStep ? String(d.startStep) : `${d.startStep}–${d.endStep}`;
  const evidence = Object.entries(d.evidence)
    .map(([k, v]) => `<li><code>${escapeHtml(k)}</code> ${escapeHtml(typeof v === 'number' ? fmt(v) : String(v))}</li>`)
    .join('');
  const advice = d.advice
    .map((ref) => {
      const r = resolveAdviceRef(kb, ref);
      if (!r) return '';
      const body = r.item ? localize(r.item.body, lang) : localize(r.entry.question, lang);
      return `<blockquote class="advice"><p><a href="#advice" data-advice="${escapeHtml(ref)}">${escapeHtml(refLabel(kb, ref, lang))} (${escapeHtml(ref)})</a></p>${renderMarkdown(body)}</blockquote>`;
    })
    .join('');
  const rules = d.relatedRules
    .map((id) => `<a href="#rule" data-rule="${escapeHtml(id)}"><code>${escapeHtml(id)}</code></a>`)
    .join(' ');
  const html = `<div class="diagnosis ${escapeHtml(d.severity)}" data-index="${index}">`
    + `<h3><a href="#step" data-goto="${index}">${escapeHtml(title)}</a> <span class="steps">${lang === 'zh' ? '步' : 'step'} ${escapeHtml(steps)}</span></h3>`
    + `<p>${escapeHtml(localize(d.message, lang))}</p>`
    + (evidence ? `<ul class="evidence">${evidence}</ul>` : '')
    + advice
    + (rules ? `<p class="rules">${lang === 'zh' ? '相关代码提示：' : 'Related code hint: '}${rules}</p>` : '')
    + `</div>`;
  return { id: d.id, severity: d.severity, title, startStep: d.startStep, endStep: d.endStep, chart: chartOf(d.series), html };
}
