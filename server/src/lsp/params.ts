// Shape checks for every parameter the server receives (LSP 3.17 types). A check returns why the value is
// refused, or undefined when it may be used: handlers only ever see parameters of the shape they declare.
import { reasons, type Reason } from './messages';

export type Check = (params: unknown) => Reason | undefined;

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function object(v: unknown, field: string): Reason | undefined {
  return isObject(v) ? undefined : reasons.object(field, v);
}

function string(v: unknown, field: string): Reason | undefined {
  return typeof v === 'string' ? undefined : reasons.string(field, v);
}

function integer(v: unknown, field: string): Reason | undefined {
  return Number.isSafeInteger(v) ? undefined : reasons.integer(field, v);
}

function optional(v: unknown, check: (v: unknown) => Reason | undefined): Reason | undefined {
  return v === undefined || v === null ? undefined : check(v);
}

/** A URI string: a scheme and percent-encoding that decodes (file names are decoded from it later). */
export function uri(v: unknown, field: string): Reason | undefined {
  const bad = string(v, field);
  if (bad) return bad;
  const s = v as string;
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(s)) return reasons.uri(field);
  try {
    decodeURIComponent(s);
  } catch {
    return reasons.uri(field);
  }
  return undefined;
}

/** Runs checks in order; the first refusal wins. */
function first(...checks: (() => Reason | undefined)[]): Reason | undefined {
  for (const c of checks) {
    const r = c();
    if (r) return r;
  }
  return undefined;
}

export function position(v: unknown, field: string): Reason | undefined {
  if (!isObject(v)) return reasons.object(field, v);
  return first(
    () => integer(v.line, `${field}.line`),
    () => integer(v.character, `${field}.character`),
  );
}

export function range(v: unknown, field: string): Reason | undefined {
  if (!isObject(v)) return reasons.object(field, v);
  return first(
    () => position(v.start, `${field}.start`),
    () => position(v.end, `${field}.end`),
  );
}

function array(v: unknown, field: string, item?: (x: unknown, field: string) => Reason | undefined): Reason | undefined {
  if (!Array.isArray(v)) return reasons.array(field, v);
  if (item)
    for (let i = 0; i < v.length; i++) {
      const r = item(v[i], `${field}[${i}]`);
      if (r) return r;
    }
  return undefined;
}

function identifier(v: unknown, field = 'textDocument'): Reason | undefined {
  if (!isObject(v)) return reasons.object(field, v);
  return uri(v.uri, `${field}.uri`);
}

/** `{ textDocument: { uri } }` and whatever else `more` checks. */
function documentParams(more?: (p: Obj) => Reason | undefined): Check {
  return (p) => {
    if (!isObject(p)) return reasons.object('params', p);
    return identifier(p.textDocument) ?? more?.(p);
  };
}

export const didOpen: Check = (p) => {
  if (!isObject(p)) return reasons.object('params', p);
  const td = p.textDocument;
  if (!isObject(td)) return reasons.object('textDocument', td);
  return first(
    () => uri(td.uri, 'textDocument.uri'),
    () => string(td.languageId, 'textDocument.languageId'),
    () => integer(td.version, 'textDocument.version'),
    () => string(td.text, 'textDocument.text'),
  );
};

function contentChange(v: unknown, field: string): Reason | undefined {
  if (!isObject(v)) return reasons.object(field, v);
  return first(
    () => string(v.text, `${field}.text`),
    () => optional(v.range, (r) => range(r, `${field}.range`)),
  );
}

export const didChange: Check = (p) => {
  if (!isObject(p)) return reasons.object('params', p);
  return first(
    () => identifier(p.textDocument),
    () => integer((p.textDocument as Obj).version, 'textDocument.version'),
    () => array(p.contentChanges, 'contentChanges', contentChange),
  );
};

export const documentOnly: Check = documentParams();
export const didSave: Check = documentParams((p) => optional(p.text, (t) => string(t, 'text')));
export const willSave: Check = documentParams((p) => integer(p.reason, 'reason'));
export const atPosition: Check = documentParams((p) => position(p.position, 'position'));

export const codeAction: Check = documentParams((p) =>
  first(
    () => range(p.range, 'range'),
    () => object(p.context, 'context'),
    () => array((p.context as Obj).diagnostics, 'context.diagnostics', object),
    () => optional((p.context as Obj).only, (o) => array(o, 'context.only', string)),
  ),
);

export const codeActionResolve: Check = (p) => {
  if (!isObject(p)) return reasons.object('params', p);
  return string(p.title, 'title');
};

/** Custom requests: `{ textDocument, position? }` plus their own fields. */
export function customDocument(extra?: (p: Obj) => Reason | undefined): Check {
  return documentParams((p) => optional(p.position, (x) => position(x, 'position')) ?? extra?.(p));
}

export const health: Check = (p) => {
  if (!isObject(p)) return reasons.object('params', p);
  return array(p.mirrors, 'mirrors');
};

/** A build log to explain and the Dockerfiles (URIs) it may have built. */
export const explainLog: Check = (p) => {
  if (!isObject(p)) return reasons.object('params', p);
  const bad = string(p.log, 'log') ?? array(p.dockerfiles, 'dockerfiles');
  if (bad) return bad;
  for (const [i, d] of (p.dockerfiles as unknown[]).entries()) {
    const wrong = uri(d, `dockerfiles[${i}]`);
    if (wrong) return wrong;
  }
  return undefined;
};

export const didChangeWatchedFiles: Check = (p) => {
  if (!isObject(p)) return reasons.object('params', p);
  return array(p.changes, 'changes', (c, field) =>
    isObject(c)
      ? first(
          () => uri(c.uri, `${field}.uri`),
          () => integer(c.type, `${field}.type`),
        )
      : reasons.object(field, c),
  );
};

function folder(v: unknown, field: string): Reason | undefined {
  return isObject(v) ? uri(v.uri, `${field}.uri`) : reasons.object(field, v);
}

/** The event of workspace/didChangeWorkspaceFolders (vscode-languageserver hands over `params.event`). */
export const workspaceFoldersEvent: Check = (e) => {
  if (!isObject(e)) return reasons.object('event', e);
  return first(
    () => array(e.added, 'event.added', folder),
    () => array(e.removed, 'event.removed', folder),
  );
};

export const didChangeWorkspaceFolders: Check = (p) => (isObject(p) ? workspaceFoldersEvent(p.event) : reasons.object('params', p));

export const didChangeConfiguration: Check = (p) => object(p, 'params');

export const initialize: Check = (p) => {
  if (!isObject(p)) return reasons.object('params', p);
  return first(
    () => object(p.capabilities, 'capabilities'),
    () => optional(p.rootUri, (r) => uri(r, 'rootUri')),
    () => optional(p.workspaceFolders, (w) => array(w, 'workspaceFolders', folder)),
    () => optional(p.locale, (l) => string(l, 'locale')),
    () => optional(p.initializationOptions, (o) => object(o, 'initializationOptions')),
  );
};
