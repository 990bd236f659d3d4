// Calls of the server's custom protocol: method name, parameters and result all come from one descriptor in
// the protocol module, so the client never spells a method name or restates a result type.
import type { BaseLanguageClient } from 'vscode-languageclient';
import type { CustomNotification, CustomRequest } from '../../server/src/protocol';

export function sendRequest<P, R>(client: BaseLanguageClient, type: CustomRequest<P, R>, params: NoInfer<P>): Promise<R> {
  return client.sendRequest<R>(type.method, params);
}

export function sendNotification<P>(client: BaseLanguageClient, type: CustomNotification<P>, params: NoInfer<P>): Promise<void> {
  return client.sendNotification(type.method, params);
}
