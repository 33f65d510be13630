// Stands in for VS Code around the run panel (bench/panel/page.html): acquireVsCodeApi, and a timer for the
// panel's model message. Registered before dist/runPanel.js, so its message listener runs first and notes the
// receipt without reading event.data (deserializing the typed arrays is left inside the measured time).
'use strict';
(() => {
  let pending = null;
  const state = { value: undefined };
  window.acquireVsCodeApi = () => ({
    postMessage(m) {
      if (m && m.type === 'painted' && pending) {
        const p = pending;
        // The panel posts 'painted' in the frame after uPlot drew; one more frame and that frame is on screen.
        clearTimeout(p.timer);
        requestAnimationFrame(() => {
          pending = null;
          p.resolve({ postToReceiptMs: p.received - p.posted, receiptToPaintedMs: performance.now() - p.received, charts: m.charts, markers: m.markers });
        });
      }
    },
    getState: () => state.value,
    setState: (v) => { state.value = v; },
  });
  window.addEventListener('message', () => {
    if (pending && pending.received === undefined) pending.received = performance.now();
  });

  const labels = {
    logScale: 'Log scale', smoothing: 'Smoothing', resetZoom: 'Double-click a chart to reset the zoom', diagnoses: 'Diagnoses',
    noDiagnoses: 'No problems found in this run.', noSeries: 'No series.', step: 'step',
    charts: { loss: 'Loss', learning_rate: 'Learning rate', grad_norm: 'Gradient norm', throughput: 'Throughput', memory: 'Memory' },
  };

  /** A decaying, noisy series of n points with one NaN step and one spike step (what diagnoses point at). */
  function series(name, n, f, every = 1) {
    const m = Math.max(1, Math.floor(n / every));
    const steps = new Float64Array(m);
    const values = new Float64Array(m);
    let seed = 12345;
    for (let i = 0; i < m; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      steps[i] = (i + 1) * every;
      values[i] = f(steps[i] / n) * (1 + 0.05 * (seed / 2 ** 32 - 0.5));
    }
    if (m > 10) {
      values[Math.floor(m * 0.3)] *= 5;
      values[Math.floor(m * 0.618)] = NaN;
    }
    return { name, steps, values };
  }

  /** The model message the extension posts (PanelModel, see src/core/runs/panel/model.ts). */
  function message(n, kind) {
    const loss = (x) => 0.3 + 2 * Math.exp(-x * 5);
    const charts = kind === 'run'
      ? [
        { id: 'loss', series: [series('train_loss', n, loss), series('eval_loss', n, (x) => loss(x) + 0.1, 1000)] },
        { id: 'learning_rate', series: [series('learning_rate', n, (x) => 3e-4 * 0.5 * (1 + Math.cos(Math.PI * x)))] },
        { id: 'grad_norm', series: [series('grad_norm', n, (x) => 1 + 0.5 * Math.exp(-x * 3))] },
        { id: 'throughput', series: [series('throughput', n, () => 1200)] },
      ]
      : [{ id: 'loss', series: [series('train_loss', n, loss)] }];
    const nanStep = charts[0].series[0].steps[Math.floor(charts[0].series[0].steps.length * 0.618)];
    const diagnoses = [{ id: 'nan-loss', severity: 'warning', title: 'NaN loss', startStep: nanStep, endStep: nanStep, chart: 'loss', html: '<div class="diagnosis warning" data-index="0"><h3>NaN loss</h3></div>' }];
    return { type: 'model', model: { path: 'bench/metrics.csv', format: 'csv', charts, diagnoses, issues: [] }, labels, focus: null };
  }

  let prepared = null;
  window.__bench = {
    /** Builds the message once (not timed). */
    prepare(n, kind) { prepared = message(n, kind); return prepared.model.charts.reduce((k, c) => k + c.series.reduce((j, s) => j + s.steps.length, 0), 0); },
    /** Posts the prepared message and resolves when the charts are on screen. */
    run() {
      if (typeof window.gc === 'function') window.gc();
      return new Promise((resolve, reject) => {
        // 'painted' exists only in test builds of the panel: a production bundle would leave this waiting forever.
        const timer = setTimeout(() => reject(new Error('the panel never posted "painted" within 60 s (is the script a test build?)')), 60_000);
        pending = { resolve, timer, posted: performance.now(), received: undefined };
        window.postMessage(prepared, '*');
      });
    },
    /** Resolves with the ms from the next mouseup (the end of a drag-zoom) to the frame after its repaint. */
    nextMouseup() {
      return new Promise((resolve) => {
        window.addEventListener('mouseup', () => {
          const t0 = performance.now();
          requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
        }, { capture: true, once: true });
      });
    },
    /** Pixels drawn on each chart canvas (a painted chart has thousands). */
    painted() {
      return [...document.querySelectorAll('.chart canvas')].map((c) => {
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let k = 0;
        for (let i = 3; i < d.length; i += 4) if (d[i] > 0) k++;
        return k;
      });
    },
  };
})();
