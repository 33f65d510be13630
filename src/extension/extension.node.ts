/** Entry of the Node extension host (package.json `main` → dist/extension.js). */
import type * as vscode from 'vscode';
import { activateOn, type TrainingAdvisorApi } from './main';
import { nodePlatform } from './platform/node';

export const activate = (context: vscode.ExtensionContext): Promise<TrainingAdvisorApi> => activateOn(nodePlatform, context);
export { deactivate } from './main';
