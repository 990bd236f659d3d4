// The registry: every rule, once. Its order is the order of RULE_IDS (core/types.ts), of package.json's rule settings
// and of findings at the same position. test/unit/rule-registry.test.ts says what a new rule still lacks.
import type { Rule } from './rule';
import type { RuleId } from '../core/types';
import { goproxyOff, goproxyUnset } from './goproxy/step';
import { goproxyCredentials, goproxyInsecure, goproxyInvalid, goproxyUnhealthy, goproxyUnreachableEntry } from './goproxy/list';
import { goproxyCredentialsHttp } from './goproxy/credentials-http';
import { goproxyNoDirect } from './goproxy/no-direct';
import { go111moduleOff, go111moduleRedundant } from './go111module';
import { privateModuleProxied, privateModuleSumdb } from './private-module';
import { patternInvalid } from './pattern';
import { gosumdbInvalid, gosumdbOff } from './gosumdb';
import { goflagsInsecure, goflagsInvalid } from './goflags';
import { argOutOfScope } from './arg';
import { buildArgOverridden, buildArgUnused } from './build-arg';
import { envLegacyForm, envSetAfterUse } from './env';
import { modfilesCopyOrder } from './modfiles';
import { modCacheMount } from './mod-cache';
import { networkNone } from './network';
import { crossCompileEmulated } from './cross-compile';
import { gobinEmpty } from './gobin';
import { fromArgImage } from './from';
import { goInstallLatest, goInstallOutsideModule } from './go-install';
import { gomodInGopath } from './gomod/in-gopath';
import { toolchainDownload } from './toolchain/download';
import { toolchainUnverifiable } from './toolchain/unverifiable';
import { credentialsInImage } from './credentials/in-image';
import { credentialsInBuildArg, credentialsInEnv } from './credentials/in-arg-env';
import { secretMountTarget } from './secret/mount-target';
import { secretInBuildLog } from './secret/in-build-log';
import { gomodPrivateModule, gomodReplaceOutsideContext, gomodSyntax } from './gomod/documents';
import { dockerfileSwallowedInstruction, dockerfileSyntax } from './dockerfile';
import { fileTooLarge } from './file';

/** Compiles only when every id of RULE_IDS has its rule in the list (the error names the missing ones). */
function everyRuleId<const T extends readonly Rule[]>(
  rules: T & ([Exclude<RuleId, T[number]['id']>] extends [never] ? unknown : { missing: Exclude<RuleId, T[number]['id']> }),
): readonly Rule[] {
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
  envLegacyForm,
  modfilesCopyOrder,
  modCacheMount,
  networkNone,
  crossCompileEmulated,
  gomodInGopath,
  goInstallOutsideModule,
  goInstallLatest,
  gobinEmpty,
  toolchainDownload,
  toolchainUnverifiable,
  fromArgImage,
  credentialsInImage,
  credentialsInEnv,
  credentialsInBuildArg,
  secretMountTarget,
  secretInBuildLog,
  gomodSyntax,
  gomodPrivateModule,
  gomodReplaceOutsideContext,
  dockerfileSyntax,
  dockerfileSwallowedInstruction,
  fileTooLarge,
]);
