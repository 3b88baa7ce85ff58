/**
 * The macOS rules, one file per failure class, asked like the host rules (the first to claim a
 * loader finding explains it). Each claims only findings of a macOS environment.
 */
import type { HostRule } from '../host/rule';
import { macosArchitectureRule } from './architecture';
import { missingDylibRule } from './missing-dylib';
import { newerMacosRule } from './newer-macos';
import { symbolNotFoundRule } from './symbol-not-found';

export const MACOS_RULES: readonly HostRule[] = [macosArchitectureRule, newerMacosRule, missingDylibRule, symbolNotFoundRule];
