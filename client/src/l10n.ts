// The extension's translator: VS Code's l10n bundle for the display language.
import * as vscode from 'vscode';
import type { Translate } from './translate';

export const t: Translate = (message, ...args) => vscode.l10n.t(message, ...args);
