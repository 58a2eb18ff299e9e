/** The adapter of every platform. */
import type { PlatformName } from '../catalog/model.js';
import type { PlatformAdapter } from './types.js';
import { goofishAdapter } from './goofish/index.js';
import { waiqin365Adapter } from './waiqin365/index.js';
import { wechatLiveAdapter } from './wechat-live/index.js';
import { wechatStoreAdapter } from './wechat-store/index.js';
import { xiaoliebianAdapter } from './xiaoliebian/index.js';

export const ADAPTERS: Record<PlatformName, PlatformAdapter> = {
  goofish: goofishAdapter,
  xiaoliebian: xiaoliebianAdapter,
  waiqin365: waiqin365Adapter,
  'wechat-live': wechatLiveAdapter,
  'wechat-store': wechatStoreAdapter,
};
