// What the server tells the user (log lines, error answers) about protocol input it refused or failed on, in
// every language we ship. Field names and method names stay as the protocol spells them.
import { localize, type Localized } from '../core/localize';
import type { Locale } from '../core/types';

/** Why a parameter was refused: a localized text once the locale is known. */
export type Reason = (locale: Locale) => string;

function reason<A extends unknown[]>(text: Localized<A>, ...args: A): Reason {
  return (locale) => localize(locale, text, ...args);
}

const REFUSAL_REASONS = {
  object: {
    en: (field: string, got: string) => `${field} must be an object (got ${got})`,
    'zh-cn': (field: string, got: string) => `${field} 必须是对象（收到的是 ${got}）`,
  },
  string: {
    en: (field: string, got: string) => `${field} must be a string (got ${got})`,
    'zh-cn': (field: string, got: string) => `${field} 必须是字符串（收到的是 ${got}）`,
  },
  integer: {
    en: (field: string, got: string) => `${field} must be an integer (got ${got})`,
    'zh-cn': (field: string, got: string) => `${field} 必须是整数（收到的是 ${got}）`,
  },
  array: {
    en: (field: string, got: string) => `${field} must be an array (got ${got})`,
    'zh-cn': (field: string, got: string) => `${field} 必须是数组（收到的是 ${got}）`,
  },
  uri: {
    en: (field: string) => `${field} is not a URI (a scheme, then valid percent-encoding)`,
    'zh-cn': (field: string) => `${field} 不是合法的 URI（需要协议名及正确的百分号编码）`,
  },
};

/** A short, safe description of a received value (never its content: it may hold credentials). */
export function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

export const reasons = {
  object: (field: string, v: unknown) => reason(REFUSAL_REASONS.object, field, typeOf(v)),
  string: (field: string, v: unknown) => reason(REFUSAL_REASONS.string, field, typeOf(v)),
  integer: (field: string, v: unknown) => reason(REFUSAL_REASONS.integer, field, typeOf(v) === 'number' ? String(v) : typeOf(v)),
  array: (field: string, v: unknown) => reason(REFUSAL_REASONS.array, field, typeOf(v)),
  uri: (field: string) => reason(REFUSAL_REASONS.uri, field),
};

export const SERVER_MESSAGES = {
  heapGrowth: {
    en: (mib: number, percent: number) => `JavaScript heap: limit ${mib} MiB, growing by at most ${percent} % past what survives a full collection.`,
    'zh-cn': (mib: number, percent: number) => `JavaScript 堆：上限 ${mib} MiB，每次完整回收后最多比存活部分增长 ${percent}%。`,
  } as Localized<[number, number]>,
  heapOwnFlags: {
    en: (mib: number) => `JavaScript heap: limit ${mib} MiB, sized by the Node flags the server was started with.`,
    'zh-cn': (mib: number) => `JavaScript 堆：上限 ${mib} MiB，由启动服务器时的 Node 参数决定。`,
  } as Localized<[number]>,
  refused: {
    en: (method: string, why: string) => `Refused ${method}: ${why}.`,
    'zh-cn': (method: string, why: string) => `已拒绝 ${method}：${why}。`,
  } as Localized<[string, string]>,
  failed: {
    en: (what: string, err: string) => `${what} failed: ${err}`,
    'zh-cn': (what: string, err: string) => `${what} 失败：${err}`,
  } as Localized<[string, string]>,
  analysisFailed: {
    en: (uri: string, err: string) => `Analysis of ${uri} failed: ${err}`,
    'zh-cn': (uri: string, err: string) => `分析 ${uri} 失败：${err}`,
  } as Localized<[string, string]>,
  hclParserFailed: {
    en: (err: string) => `The HCL parser did not load: docker-bake.hcl is not read (${err})`,
    'zh-cn': (err: string) => `HCL 解析器未能加载：未读取 docker-bake.hcl（${err}）`,
  } as Localized<[string]>,
  ruleFailed: {
    en: (rule: string, err: string) => `Rule ${rule} failed: ${err}`,
    'zh-cn': (rule: string, err: string) => `规则 ${rule} 执行失败：${err}`,
  } as Localized<[string, string]>,
  notInitialized: {
    en: (method: string) => `${method} was sent before initialize: the server is not initialized yet.`,
    'zh-cn': (method: string) => `${method} 在 initialize 之前发送：服务器尚未初始化。`,
  } as Localized<[string]>,
  shutDown: {
    en: (method: string) => `${method} was sent after shutdown: the server accepts only exit now.`,
    'zh-cn': (method: string) => `${method} 在 shutdown 之后发送：服务器现在只接受 exit。`,
  } as Localized<[string]>,
  initializedTwice: {
    en: () => 'initialize was sent twice: the server is already initialized.',
    'zh-cn': () => 'initialize 重复发送：服务器已经初始化。',
  } as Localized,
  cancelled: {
    en: (method: string) => `${method} was cancelled.`,
    'zh-cn': (method: string) => `${method} 已取消。`,
  } as Localized<[string]>,
  unknownMethod: {
    en: (method: string) => `Unhandled method ${method}`,
    'zh-cn': (method: string) => `未处理的方法 ${method}`,
  } as Localized<[string]>,
};
