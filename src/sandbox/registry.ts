/**
 * The simulator of each platform. One import and one entry per platform, so that simulators
 * written in parallel merge without conflicts.
 */
import type { PlatformName } from '../catalog/model.js';
import type { Simulator } from './types.js';
import { waiqin365Simulator } from './waiqin365/simulator.js';
import { xiaoliebianSimulator } from './xiaoliebian/simulator.js';
import { goofishSimulator } from './goofish/simulator.js';
import { wechatLiveSimulator } from './wechat-live/simulator.js';
import { wechatStoreSimulator } from './wechat-store/simulator.js';

export const SIMULATORS: Partial<Record<PlatformName, Simulator<any>>> = {
  goofish: goofishSimulator,
  xiaoliebian: xiaoliebianSimulator,
  waiqin365: waiqin365Simulator,
  'wechat-live': wechatLiveSimulator,
  'wechat-store': wechatStoreSimulator,
};
