// Every handler the server registers goes through this gate, which does what LSP 3.17 asks of a server and
// vscode-languageserver leaves to it: requests before `initialize` get ServerNotInitialized, after `shutdown`
// InvalidRequest; notifications then are dropped; malformed parameters get InvalidParams (and a logged reason);
// a request cancelled with `$/cancelRequest` gets RequestCancelled; a handler that throws or rejects is logged,
// never taken down the process.
import {
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  type Connection,
  type TextDocuments,
  type TextEdit,
} from 'vscode-languageserver/node';
import { localize, type Localized } from '../core/localize';
import { redactCredentials } from '../core/redact';
import type { Locale } from '../core/types';
import { SERVER_MESSAGES, type Reason } from './messages';
import * as check from './params';
import type { Check } from './params';

/** What TextDocuments.listen takes. */
type TextDocumentConnection = Parameters<TextDocuments<{ uri: string }>['listen']>[0];

export type Phase = 'starting' | 'running' | 'stopped';

export interface GateEnvironment {
  log(message: string): void;
  locale(): Locale;
  /** A message was taken in: background work gives it the event loop first. */
  onMessage(): void;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class Gate {
  phase: Phase = 'starting';

  constructor(private readonly env: GateEnvironment) {}

  /** Localized, credentials redacted: these texts go to the log and into error answers. */
  private text<A extends unknown[]>(t: Localized<A>, ...args: A): string {
    return redactCredentials(localize(this.env.locale(), t, ...args));
  }

  /** Logs a failure of `what`; for callbacks (timers, promises) that must never throw. */
  failed(what: string, err: unknown): void {
    try {
      this.env.log(this.text(SERVER_MESSAGES.failed, what, (err as Error)?.stack ?? String(err)));
    } catch {
      /* the log itself failed (connection gone): nothing left to tell */
    }
  }

  /** Runs `fn`, logging instead of throwing: for timer and event callbacks. */
  guard<A extends unknown[]>(what: string, fn: (...args: A) => unknown): (...args: A) => void {
    return (...args: A) => {
      try {
        const r = fn(...args) as Promise<unknown> | undefined;
        if (r && typeof r.then === 'function') r.then(undefined, (err) => this.failed(what, err));
      } catch (err) {
        this.failed(what, err);
      }
    };
  }

  /** InvalidParams, with the reason logged. */
  invalidParams(method: string, why: Reason): ResponseError<void> {
    const message = this.text(SERVER_MESSAGES.refused, method, why(this.env.locale()));
    this.env.log(message);
    return new ResponseError(ErrorCodes.InvalidParams, message);
  }

  /** The lifecycle error for a request in this phase, if any. */
  private phaseError(method: string): ResponseError<void> | undefined {
    if (this.phase === 'starting') return new ResponseError(ErrorCodes.ServerNotInitialized, this.text(SERVER_MESSAGES.notInitialized, method));
    if (this.phase === 'stopped') return new ResponseError(ErrorCodes.InvalidRequest, this.text(SERVER_MESSAGES.shutDown, method));
    return undefined;
  }

  private cancelled(method: string): ResponseError<void> {
    return new ResponseError(LSPErrorCodes.RequestCancelled, this.text(SERVER_MESSAGES.cancelled, method));
  }

  /**
   * A request handler. Register it by method name (`connection.onRequest(method, …)`): vscode-languageserver's
   * typed helpers (onHover …) read `params.workDoneToken` before any check, and fail on `null` params.
   */
  request<P, R>(method: string, validate: Check, handler: (params: P, token: CancellationToken) => R | PromiseLike<R>) {
    return async (...args: unknown[]): Promise<R | ResponseError<void>> => {
      // vscode-jsonrpc passes the token alone when params are absent, and spreads params given by position.
      const token = args[args.length - 1] as CancellationToken;
      const params = args.length === 2 ? args[0] : args.length > 2 ? args.slice(0, -1) : undefined;
      this.env.onMessage();
      const phase = this.phaseError(method);
      if (phase) return phase;
      const why = validate(params);
      if (why) return this.invalidParams(method, why);
      if (token.isCancellationRequested) return this.cancelled(method);
      // One turn of the event loop: a `$/cancelRequest` already on its way is read before the work starts.
      await nextTurn();
      if (token.isCancellationRequested) return this.cancelled(method);
      try {
        return await handler(params as P, token);
      } catch (err) {
        if (err instanceof ResponseError) return err;
        this.failed(method, err);
        return new ResponseError(ErrorCodes.InternalError, this.text(SERVER_MESSAGES.failed, method, (err as Error)?.message ?? String(err)));
      }
    };
  }

  notification<P>(method: string, validate: Check, handler: (params: P) => unknown) {
    const run = this.guard(method, handler);
    return (params: unknown): void => {
      this.env.onMessage();
      if (this.phase !== 'running') return;
      const why = validate(params);
      if (why) {
        this.env.log(this.text(SERVER_MESSAGES.refused, method, why(this.env.locale())));
        return;
      }
      run(params as P);
    };
  }

  /** Requests of no method the server knows: the lifecycle errors first, else MethodNotFound. */
  unknownRequest(method: string): ResponseError<void> {
    this.env.onMessage();
    return this.phaseError(method) ?? new ResponseError(ErrorCodes.MethodNotFound, this.text(SERVER_MESSAGES.unknownMethod, method));
  }

  /** What TextDocuments listens on: the connection's document notifications, through the gate. */
  documentSync(connection: Connection): TextDocumentConnection {
    return {
      onDidOpenTextDocument: (h) => connection.onDidOpenTextDocument(this.notification('textDocument/didOpen', check.didOpen, h)),
      onDidChangeTextDocument: (h) => connection.onDidChangeTextDocument(this.notification('textDocument/didChange', check.didChange, h)),
      onDidCloseTextDocument: (h) => connection.onDidCloseTextDocument(this.notification('textDocument/didClose', check.documentOnly, h)),
      onWillSaveTextDocument: (h) => connection.onWillSaveTextDocument(this.notification('textDocument/willSave', check.willSave, h)),
      onDidSaveTextDocument: (h) => connection.onDidSaveTextDocument(this.notification('textDocument/didSave', check.didSave, h)),
      onWillSaveTextDocumentWaitUntil: (h) =>
        connection.onWillSaveTextDocumentWaitUntil(
          this.request(
            'textDocument/willSaveWaitUntil',
            check.willSave,
            (p: Parameters<typeof h>[0], token) => h(p, token) as PromiseLike<TextEdit[] | null | undefined>,
          ),
        ),
    };
  }
}
