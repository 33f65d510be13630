/**
 * Messages between the run panel webview and the extension, both ways, and the validation of what the
 * webview sends (a webview is untrusted input: anything malformed or unknown is dropped).
 */
import type { PanelModel } from './model';

/** Texts of the panel's chrome, localized by the extension (l10n). */
export interface PanelLabels {
  logScale: string;
  smoothing: string;
  resetZoom: string;
  diagnoses: string;
  noDiagnoses: string;
  noSeries: string;
  step: string;
  charts: Record<string, string>;
}

export type ToRunPanel =
  | { type: 'model'; model: PanelModel; labels: PanelLabels; focus: number | null }
  | { type: 'focus'; index: number };

export type FromRunPanel =
  | { type: 'ready' }
  /** Test builds only (TEST_HOOKS): what the panel drew, for the integration tests. */
  | { type: 'painted'; charts: number; markers: number }
  | { type: 'openAdvice'; ref: string }
  | { type: 'openRule'; id: string };

const isObj = (m: unknown): m is Record<string, unknown> => typeof m === 'object' && m !== null && !Array.isArray(m);
const onlyKeys = (m: Record<string, unknown>, keys: string[]) => Object.keys(m).every((k) => keys.includes(k));
const nat = (v: unknown, max = 1e6): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;

export function parseFromRunPanel(m: unknown): FromRunPanel | null {
  if (!isObj(m) || typeof m.type !== 'string') return null;
  switch (m.type) {
    case 'ready':
      return onlyKeys(m, ['type']) ? { type: 'ready' } : null;
    case 'painted':
      return onlyKeys(m, ['type', 'charts', 'markers']) && nat(m.charts, 100) && nat(m.markers) ? { type: 'painted', charts: m.charts, markers: m.markers } : null;
    case 'openAdvice':
      return onlyKeys(m, ['type', 'ref']) && typeof m.ref === 'string' && /^(?:[a-z0-9][a-z0-9_-]*:)?\d{1,4}(?:#\d{1,3})?$/i.test(m.ref) ? { type: 'openAdvice', ref: m.ref } : null;
    case 'openRule':
      return onlyKeys(m, ['type', 'id']) && typeof m.id === 'string' && /^[a-z0-9][a-z0-9-]{0,60}$/.test(m.id) ? { type: 'openRule', id: m.id } : null;
    default:
      return null;
  }
}
