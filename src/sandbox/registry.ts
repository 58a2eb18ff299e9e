/**
 * The simulator of each platform: one line each. Simulators never import adapters; a test checks
 * that this list and src/platforms/registry.ts cover the same platform names.
 */
import type { Simulator } from './types.js';
import { goofishSimulator } from './goofish/simulator.js';
import { wechatStoreSimulator } from './wechat-store/simulator.js';
import { wechatLiveSimulator } from './wechat-live/simulator.js';
import { xiaoliebianSimulator } from './xiaoliebian/simulator.js';
import { waiqin365Simulator } from './waiqin365/simulator.js';
import { wechatChannelsSimulator } from './wechat-channels/simulator.js';

const LIST = [
  goofishSimulator,
  wechatStoreSimulator,
  wechatLiveSimulator,
  xiaoliebianSimulator,
  waiqin365Simulator,
  wechatChannelsSimulator,
] as const satisfies ReadonlyArray<Simulator<any>>;

/** Simulators by platform name. */
export const SIMULATORS: Readonly<Partial<Record<string, Simulator<any>>>> = Object.fromEntries(LIST.map((s) => [s.platform, s]));
