/** Entry of the browser's web worker extension host (package.json `browser` → dist/web/extension.js). */
import type * as vscode from 'vscode';
import { activateOn, type TrainingAdvisorApi } from './main';
import { webPlatform } from './platform/web';

export const activate = (context: vscode.ExtensionContext): Promise<TrainingAdvisorApi> => activateOn(webPlatform, context);
export { deactivate } from './main';
