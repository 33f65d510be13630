/**
 * The run panel's script (dist/runPanel.js, with uPlot and its CSS bundled into dist/runPanel.css). It draws
 * what the extension sends (PanelModel: every point of each series as Float64Arrays) with uPlot: one chart per
 * metric group, log-scale toggle, drag-to-zoom (double-click resets), EMA smoothing, each diagnosis as a band
 * or marker over its steps; the diagnoses list is HTML sanitized with DOMPurify before it is inserted.
 * uPlot only ever gets the series decimated to the chart's pixel width (min/max per pixel column, one pass over
 * the typed arrays): on a zoom the visible range is decimated again, so a 1M-point run paints and zooms fast.
 * No inline handlers: one delegated click listener.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import '../../media/runPanel.css';
import { createSanitizer } from '../core/render/sanitize';
import { alignSeries, decimate } from '../core/runs/panel/decimate';
import type { PanelChart, PanelModel, PanelSeries } from '../core/runs/panel/model';
import type { FromRunPanel, PanelLabels, ToRunPanel } from '../core/runs/panel/protocol';

declare function acquireVsCodeApi(): { postMessage(m: FromRunPanel): void; getState(): unknown; setState(s: unknown): void };

const vscode = acquireVsCodeApi();
const sanitize = createSanitizer(window);
const chartsEl = document.getElementById('charts')!;
const listEl = document.getElementById('diagnoses')!;
const toolbarEl = document.getElementById('toolbar')!;

let model: PanelModel | null = null;
let labels: PanelLabels | null = null;
let focused: number | null = null;
const saved = (vscode.getState() as { log?: boolean; smoothing?: number } | undefined) ?? {};
let logScale = saved.log === true;
let smoothing = typeof saved.smoothing === 'number' ? saved.smoothing : 0;
/** The drawn charts: each plot with the chart it shows (its full-resolution series). */
let plots: Array<{ u: uPlot; chart: PanelChart }> = [];

const cssVar = (name: string, fallback: string) => getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
/** Tick labels that stay readable for learning rates (1e-6) and token counts (1e5) alike. */
function tick(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a < 1e-3 || a >= 1e6 ? v.toExponential(1) : String(Number(v.toPrecision(3)));
}

const COLORS = ['--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-green', '--vscode-charts-purple'];

/** Exponential moving average over the finite values (`alpha` = weight of the past); non-finite values stay as they are. */
function ema(values: Float64Array, alpha: number): Float64Array {
  const out = new Float64Array(values.length);
  let acc = NaN;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      out[i] = v;
      continue;
    }
    acc = acc !== acc ? v : alpha * acc + (1 - alpha) * v;
    out[i] = acc;
  }
  return out;
}

/** The smoothed values of a series, computed once per smoothing setting (a full pass over up to millions of points). */
const smoothedCache = new WeakMap<PanelSeries, { alpha: number; values: Float64Array }>();
function smoothed(s: PanelSeries): Float64Array {
  if (smoothing <= 0) return s.values;
  const hit = smoothedCache.get(s);
  if (hit && hit.alpha === smoothing) return hit.values;
  const values = ema(s.values, smoothing);
  smoothedCache.set(s, { alpha: smoothing, values });
  return values;
}

/** The steps a chart spans (all its series). */
function extent(chart: PanelChart): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of chart.series) {
    if (!s.steps.length) continue;
    lo = Math.min(lo, s.steps[0]);
    hi = Math.max(hi, s.steps[s.steps.length - 1]);
  }
  return lo <= hi ? [lo, hi] : [0, 1];
}

/** uPlot's data for the steps [from, to] of a chart `columns` pixels wide: each series decimated, then aligned. */
function chartData(chart: PanelChart, from: number, to: number, columns: number): uPlot.AlignedData {
  const parts = chart.series.map((s) => decimate(s.steps, smoothed(s), columns, { from, to, positiveOnly: logScale }));
  return alignSeries(parts) as uPlot.AlignedData;
}

/** Show the steps [from, to] of one plot: decimate that range at the plot's width, then set data and scale in one redraw. */
function showRange(u: uPlot, chart: PanelChart, from: number, to: number): void {
  if (!(to > from)) return;
  u.batch(() => {
    u.setData(chartData(chart, from, to, u.bbox.width || u.width * devicePixelRatio), false);
    u.setScale('x', { min: from, max: to });
  });
}

function post(m: FromRunPanel): void {
  vscode.postMessage(m);
}

function buildToolbar(l: PanelLabels): void {
  toolbarEl.replaceChildren();
  const log = document.createElement('label');
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.id = 'log-scale';
  box.checked = logScale;
  box.addEventListener('change', () => {
    logScale = box.checked;
    vscode.setState({ log: logScale, smoothing });
    draw();
  });
  log.append(box, ` ${l.logScale}`);
  const smooth = document.createElement('label');
  const range = document.createElement('input');
  range.type = 'range';
  range.id = 'smoothing';
  range.min = '0';
  range.max = '0.99';
  range.step = '0.01';
  range.value = String(smoothing);
  range.addEventListener('input', () => {
    smoothing = Number(range.value);
    vscode.setState({ log: logScale, smoothing });
    draw();
  });
  smooth.append(`${l.smoothing} `, range);
  const hint = document.createElement('span');
  hint.className = 'hint';
  hint.textContent = l.resetZoom;
  const path = document.createElement('span');
  path.className = 'run-path';
  path.textContent = model ? `${model.path} (${model.format})` : '';
  toolbarEl.append(path, log, smooth, hint);
}

/** Bands/markers of the diagnoses on one chart, as elements of uPlot's overlay (repositioned on every draw). */
function placeMarkers(u: uPlot, chartId: string): void {
  u.over.querySelectorAll('.diag-marker').forEach((e) => e.remove());
  if (!model) return;
  model.diagnoses.forEach((d, i) => {
    if (d.chart !== chartId) return;
    const x0 = u.valToPos(d.startStep, 'x');
    const x1 = u.valToPos(d.endStep, 'x');
    const w = u.over.clientWidth;
    if (x1 < 0 || x0 > w) return;
    const el = document.createElement('div');
    el.className = `diag-marker ${d.severity}${x1 - x0 < 3 ? ' line' : ' band'}${focused === i ? ' focused' : ''}`;
    el.dataset.index = String(i);
    el.title = `${d.title} (${d.startStep === d.endStep ? d.startStep : `${d.startStep}–${d.endStep}`})`;
    el.style.left = `${Math.max(0, x0)}px`;
    el.style.width = `${Math.max(2, Math.min(w, x1) - Math.max(0, x0))}px`;
    u.over.append(el);
  });
}

function draw(): void {
  plots.forEach((p) => p.u.destroy());
  plots = [];
  chartsEl.replaceChildren();
  if (!model || !labels) return;
  const width = Math.max(200, chartsEl.clientWidth - 8);
  const axis = { stroke: cssVar('--vscode-foreground', '#888'), grid: { stroke: cssVar('--vscode-editorWidget-border', 'rgba(128,128,128,0.2)'), width: 1 }, ticks: { stroke: cssVar('--vscode-editorWidget-border', 'rgba(128,128,128,0.3)') } };
  for (const chart of model.charts) {
    const box = document.createElement('section');
    box.className = 'chart';
    box.dataset.chart = chart.id;
    const h = document.createElement('h2');
    h.textContent = labels.charts[chart.id] ?? chart.id;
    box.append(h);
    chartsEl.append(box);
    const id = chart.id;
    const [first, last] = extent(chart);
    const plot: uPlot = new uPlot({
      width,
      height: 200,
      scales: { x: { time: false }, y: logScale ? { distr: 3 } : {} },
      legend: { show: true },
      // A drag selects a range; the hook re-decimates it (uPlot would only stretch the points it already has).
      cursor: {
        drag: { x: true, y: false, setScale: false },
        bind: { dblclick: () => () => (showRange(plot, chart, first, last), null) },
      },
      axes: [{ ...axis, label: labels.step }, { ...axis, size: 60, values: (_u: uPlot, splits: number[]) => splits.map(tick) }],
      series: [
        { label: labels.step },
        // spanGaps false: a NaN (null) is a visible break; steps a series lacks (undefined) are still spanned.
        ...chart.series.map((s, i) => ({ label: s.name, stroke: cssVar(COLORS[i % COLORS.length], '#3794ff'), width: 1.5, spanGaps: false, points: { show: s.steps.length < 60 } })),
      ],
      hooks: {
        draw: [(u: uPlot) => placeMarkers(u, id)],
        // How many points uPlot holds after decimation (read by the bench and UI tests).
        setData: [(u: uPlot) => void (box.dataset.points = String(u.data[0].length))],
        setSelect: [(u: uPlot) => {
          const { left, width: w } = u.select;
          if (w < 2) return;
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
          showRange(u, chart, u.posToVal(left, 'x'), u.posToVal(left + w, 'x'));
        }],
      },
    }, [[], ...chart.series.map(() => [])], box);
    // Data only once uPlot has laid out the plot area: decimated to its width, not the chart's.
    showRange(plot, chart, first, last);
    plots.push({ u: plot, chart });
  }
  if (!model.charts.length) {
    const p = document.createElement('p');
    p.className = 'empty';
    p.textContent = labels.noSeries;
    chartsEl.append(p);
  }
  chartsEl.setAttribute('aria-busy', 'false');
  // Test builds only: what was drawn, for the integration tests' panel state (the UI tests look at the canvas).
  if (TEST_HOOKS) requestAnimationFrame(() => post({ type: 'painted', charts: plots.length, markers: document.querySelectorAll('.diag-marker').length }));
}

function renderList(): void {
  if (!model || !labels) return;
  const head = `<h2>${labels.diagnoses.replace(/[<&>]/g, '')} (${model.diagnoses.length})</h2>`;
  const body = model.diagnoses.length ? model.diagnoses.map((d) => d.html).join('') : `<p class="empty">${labels.noDiagnoses.replace(/[<&>]/g, '')}</p>`;
  const issues = model.issues.map((i) => `<p class="issue">${i.replace(/[<&>]/g, '')}</p>`).join('');
  listEl.innerHTML = sanitize(head + body + issues);
  markFocus();
}

function markFocus(): void {
  listEl.querySelectorAll('.diagnosis').forEach((e) => e.classList.toggle('focused', Number((e as HTMLElement).dataset.index) === focused));
}

/** Zoom every chart to a diagnosis' steps (with some context around) and highlight it in the list. */
function focusDiagnosis(i: number | null): void {
  focused = i;
  markFocus();
  if (i === null || !model) return;
  const d = model.diagnoses[i];
  if (!d) return;
  listEl.querySelector(`.diagnosis[data-index="${i}"]`)?.scrollIntoView({ block: 'nearest' });
  const pad = Math.max(1, (d.endStep - d.startStep) * 0.5, 10);
  for (const p of plots) showRange(p.u, p.chart, d.startStep - pad * 4, d.endStep + pad * 4);
}

document.addEventListener('click', (e) => {
  const a = (e.target as HTMLElement).closest('a');
  if (!a) return;
  e.preventDefault();
  if (a.dataset.advice) post({ type: 'openAdvice', ref: a.dataset.advice });
  else if (a.dataset.rule) post({ type: 'openRule', id: a.dataset.rule });
  else if (a.dataset.goto) focusDiagnosis(Number(a.dataset.goto));
});

window.addEventListener('message', (e: MessageEvent<ToRunPanel>) => {
  const m = e.data;
  if (!m || typeof m !== 'object') return;
  if (m.type === 'model') {
    model = m.model;
    labels = m.labels;
    buildToolbar(m.labels);
    draw();
    renderList();
    if (m.focus !== null) focusDiagnosis(m.focus);
  } else if (m.type === 'focus' && Number.isInteger(m.index)) focusDiagnosis(m.index);
});

// Theme changes swap the CSS variables; canvases keep their colours until redrawn.
new MutationObserver(() => draw()).observe(document.body, { attributes: true, attributeFilter: ['class'] });

let resizeTimer: number | undefined;
let resizedTo = 0;
new ResizeObserver(() => {
  clearTimeout(resizeTimer);
  resizeTimer = window.setTimeout(() => {
    const width = Math.max(200, chartsEl.clientWidth - 8);
    if (width === resizedTo) return; // charts added or removed change the height only
    resizedTo = width;
    for (const { u, chart } of plots) {
      const { min, max } = u.scales.x;
      u.setSize({ width, height: 200 });
      if (min !== undefined && max !== undefined) showRange(u, chart, min, max);
    }
  }, 200);
}).observe(chartsEl);

post({ type: 'ready' });
