// Why a module path looks private, in words (diagnostics and hovers).
import type { Localized } from '../../core/localize';
import type { PrivateReason } from '../privacy';

export const PRIVATE_REASON_TEXT: Record<PrivateReason, Localized> = {
  ip: { en: () => 'its host is an IP address', 'zh-cn': () => '主机是 IP 地址' },
  localhost: { en: () => 'its host is localhost', 'zh-cn': () => '主机是 localhost' },
  'single-label': { en: () => 'its host has no dot', 'zh-cn': () => '主机名不含点' },
  'private-suffix': { en: () => 'its host has an internal-network suffix', 'zh-cn': () => '主机名是内网后缀' },
  'unknown-host': { en: () => 'its host is not a known public code host', 'zh-cn': () => '主机不是已知的公共代码托管站' },
  'user-pattern': { en: () => 'it matches goProxyDoctor.privatePatterns', 'zh-cn': () => '它匹配 goProxyDoctor.privatePatterns' },
};
