// The registry: every rule, once. Its order is the order of RULE_IDS (core/types.ts), of package.json's rule settings
// and of findings at the same position. test/unit/rule-registry.test.ts says what a new rule still lacks.
import type { Rule } from '../core/rule';
import type { RuleId } from '../core/types';
import { goproxyCredentials, goproxyInsecure, goproxyInvalid, goproxyUnhealthy, goproxyUnreachableEntry } from './proxy';
import { goproxyNoDirect } from './proxyNoDirect';
import { goproxyOff, goproxyUnset } from './proxyStep';
import { goproxyCredentialsHttp } from './proxyCredentialsHttp';
import { go111moduleOff, go111moduleRedundant, goflagsInsecure, goflagsInvalid } from './modeFlags';
import { gomodPrivateModule, privateModuleProxied, privateModuleSumdb } from './private';
import { gosumdbInvalid, gosumdbOff } from './sumdb';
import { patternInvalid } from './patterns';
import { gomodSyntax } from './gomod';
import { argOutOfScope, envSetAfterUse } from './scope';
import { buildArgOverridden, buildArgUnused } from './buildArgs';
import { modfilesCopyOrder, networkNone } from './buildOrder';
import { modCacheMount } from './cacheMount';
import { toolchainDownload } from './toolchain';
import { toolchainUnverifiable } from './toolchainVerify';
import { credentialsInImage } from './secrets';
import { secretMountTarget } from './secretMountTarget';
import { secretInBuildLog } from './secretInBuildLog';
import { gomodReplaceOutsideContext } from './gomodContext';
import { fileTooLarge } from './file';

/** Compiles only when every id of RULE_IDS has its rule in the list (the error names the missing ones). */
function everyRuleId<const T extends readonly Rule[]>(rules: T & ([Exclude<RuleId, T[number]['id']>] extends [never] ? unknown : { missing: Exclude<RuleId, T[number]['id']> })): readonly Rule[] {
  return rules;
}

export const ALL_RULES: readonly Rule[] = everyRuleId([
  goproxyUnset,
  goproxyInvalid,
  goproxyUnreachableEntry,
  goproxyOff,
  goproxyInsecure,
  goproxyCredentials,
  goproxyCredentialsHttp,
  goproxyNoDirect,
  goproxyUnhealthy,
  go111moduleRedundant,
  go111moduleOff,
  privateModuleProxied,
  privateModuleSumdb,
  patternInvalid,
  gosumdbOff,
  gosumdbInvalid,
  goflagsInsecure,
  goflagsInvalid,
  argOutOfScope,
  buildArgOverridden,
  buildArgUnused,
  envSetAfterUse,
  modfilesCopyOrder,
  modCacheMount,
  networkNone,
  toolchainDownload,
  toolchainUnverifiable,
  credentialsInImage,
  secretMountTarget,
  secretInBuildLog,
  gomodSyntax,
  gomodPrivateModule,
  gomodReplaceOutsideContext,
  fileTooLarge,
]);
