// The registry of every rule family.
import type { Rule } from '../core/rule';
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

export const ALL_RULES: readonly Rule[] = [
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
];
