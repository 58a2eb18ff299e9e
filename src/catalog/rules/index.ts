/** The offline platform rules, one per platform (DESIGN.md section 3, PLATFORMS.md). */
import type { PlatformName } from '../model.js';
import { checkGoofish } from './goofish.js';
import { checkWaiqin365 } from './waiqin365.js';
import { checkWechatLive } from './wechat-live.js';
import { checkWechatStore } from './wechat-store.js';
import { checkXiaoliebian } from './xiaoliebian.js';
import type { PlatformRule } from './types.js';

export const PLATFORM_RULES: Record<PlatformName, PlatformRule> = {
  'wechat-store': checkWechatStore,
  'wechat-live': checkWechatLive,
  goofish: checkGoofish,
  xiaoliebian: checkXiaoliebian,
  waiqin365: checkWaiqin365,
};

export type { PlatformRule, RuleContext } from './types.js';
