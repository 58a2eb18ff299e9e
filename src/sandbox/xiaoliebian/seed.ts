/**
 * The demo 小裂变 account a new user first plans against (target `wecom` in the example config).
 *
 * It deliberately differs from the example catalog so the first plan shows every kind of change:
 * - groups: 手机 and 耳机音响 exist (same names as catalog groups `phones`, `audio`); 手机配件 and 茶与书
 *   are missing; 清仓特价 is an unmanaged group.
 * - products: `airpods-pro2` has an old price and is off market; `gan-charger-65w` has an old title and
 *   price and no group; `xiaomi14-pro` is close to the catalog; `usb-c-cable`, `power-bank-10000` and
 *   `longjing-tea-250g` are missing; `XLB-2023-0042` is not a catalog key (unmanaged, bound to 清仓特价).
 */
import type { XiaoliebianState } from './state.js';

const SEEDED_AT = Date.UTC(2024, 5, 1, 2, 0, 0);
const MINI_PROGRAM = 'wx8f3c2a71d5e4b690';

export function xiaoliebianSeed(): XiaoliebianState {
  const at = (minutes: number) => SEEDED_AT + minutes * 60_000;
  return {
    groups: {
      '10001': { groupId: '10001', groupName: '手机', createTime: at(0), updateTime: at(0) },
      '10002': { groupId: '10002', groupName: '耳机音响', createTime: at(1), updateTime: at(1) },
      '10003': { groupId: '10003', groupName: '清仓特价', createTime: at(2), updateTime: at(2) },
    },
    products: {
      'airpods-pro2': {
        productId: 'airpods-pro2',
        title: 'AirPods Pro 2 USB-C 全新国行',
        banner: 'https://img.shiguang-digital.cn/products/airpods-pro2/banner.jpg',
        price: '1699.00',
        platformType: 1,
        productLink: { appId: MINI_PROGRAM, path: 'pages/goods/detail?key=airpods-pro2' },
        groupIds: ['10002'],
        useScene: null,
        marketState: 2,
        createTime: at(10),
        updateTime: at(30),
      },
      'gan-charger-65w': {
        productId: 'gan-charger-65w',
        title: '氮化镓 65W 充电器',
        banner: 'https://img.shiguang-digital.cn/products/gan-65w/main.jpg',
        price: '139.00',
        platformType: 1,
        productLink: { appId: MINI_PROGRAM, path: 'pages/goods/detail?key=gan-charger-65w' },
        groupIds: [],
        useScene: null,
        marketState: 1,
        createTime: at(11),
        updateTime: at(11),
      },
      'xiaomi14-pro': {
        productId: 'xiaomi14-pro',
        title: '小米14 Pro 全新未拆封 国行',
        banner: 'https://img.shiguang-digital.cn/products/xiaomi14-pro/main.jpg',
        price: '4599.00',
        platformType: 1,
        productLink: { appId: MINI_PROGRAM, path: 'pages/goods/detail?key=xiaomi14-pro' },
        groupIds: ['10001'],
        useScene: null,
        marketState: 1,
        createTime: at(12),
        updateTime: at(12),
      },
      'XLB-2023-0042': {
        productId: 'XLB-2023-0042',
        title: '旧款 20W 快充充电头 清仓',
        banner: 'https://img.shiguang-digital.cn/products/legacy-20w/main.jpg',
        price: '9.90',
        platformType: 1,
        productLink: { productUrl: 'https://m.shiguang-digital.cn/goods/legacy-20w' },
        groupIds: ['10003'],
        useScene: null,
        marketState: 1,
        createTime: at(13),
        updateTime: at(13),
      },
    },
    tokens: {},
    nextGroupId: 10004,
  };
}
