/**
 * The extension's URI handler routes: `vscode://training-advisor.training-advisor/advice?ref=9%235`,
 * `/rule?id=grad-clip`, `/search?q=…` → the command to run and its argument.
 */
import { parseAdviceRef } from '../core/knowledge/refs';

export interface UriRoute {
  command: 'trainingAdvisor.openAdvice' | 'trainingAdvisor.showRuleDocs' | 'trainingAdvisor.search';
  arg: string;
}

export function routeUri(path: string, query: string): UriRoute | null {
  const params = new URLSearchParams(query);
  const route = path.replace(/\/+$/, '').toLowerCase();
  const ref = params.get('ref')?.trim();
  const id = params.get('id')?.trim();
  if (route === '/advice' && ref && parseAdviceRef(ref)) return { command: 'trainingAdvisor.openAdvice', arg: ref };
  if (route === '/rule' && id && /^[a-z0-9-]+$/.test(id)) return { command: 'trainingAdvisor.showRuleDocs', arg: id };
  if (route === '/search') return { command: 'trainingAdvisor.search', arg: params.get('q') ?? '' };
  return null;
}
