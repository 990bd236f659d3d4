// The "Go Proxy Doctor" output channel: everything written to it — our log and the LSP trace, which carries
// mirror URLs — passes through redactCredentials first, so a token never reaches the screen or a log file.
import type * as vscode from 'vscode';
import { redactCredentials } from '../../server/src/core/redact';

export class RedactingOutputChannel implements vscode.OutputChannel {
  constructor(private readonly inner: vscode.OutputChannel) {}

  get name(): string {
    return this.inner.name;
  }
  append(value: string): void {
    this.inner.append(redactCredentials(value));
  }
  appendLine(value: string): void {
    this.inner.appendLine(redactCredentials(value));
  }
  replace(value: string): void {
    this.inner.replace(redactCredentials(value));
  }
  clear(): void {
    this.inner.clear();
  }
  show(columnOrPreserve?: vscode.ViewColumn | boolean, preserveFocus?: boolean): void {
    if (typeof columnOrPreserve === 'boolean') this.inner.show(columnOrPreserve);
    else this.inner.show(columnOrPreserve, preserveFocus);
  }
  hide(): void {
    this.inner.hide();
  }
  dispose(): void {
    this.inner.dispose();
  }
}
