/**
 * The demo 外勤365 tenant a new user first plans against (target `sales` in the example config).
 *
 * It deliberately differs from the example catalog (Groups with a `platforms.waiqin365` block):
 * - `phones` exists (source_code "phones") but lacks the brand 华为;
 * - `accessories` is missing;
 * - 促销产品组 has no source_code: made in the web console, unmanaged.
 * The brand and type dictionaries already know the catalog's names, plus a few others.
 */
import { waiqin365Id, type Waiqin365State } from './state.js';

const SEEDED_AT = Date.UTC(2024, 5, 1, 2, 0, 0);

export function waiqin365Seed(): Waiqin365State {
  const id = (n: number) => waiqin365Id(n);
  const brands = { [id(1)]: 'Apple', [id(2)]: '小米', [id(3)]: '华为', [id(4)]: '三星' };
  const types = { [id(5)]: '充电设备', [id(6)]: '手机壳膜', [id(7)]: '促销品' };
  return {
    brands,
    types,
    groups: {
      [id(8)]: {
        id: id(8),
        source_code: 'phones',
        code: 'SG-PHONES',
        name: '手机',
        is_enable: '1',
        status: 1,
        sales_org_code: '',
        sales_org_source_code: '',
        brands: [
          { id: id(1), name: 'Apple' },
          { id: id(2), name: '小米' },
        ],
        types: [],
        createdAt: SEEDED_AT,
        modifiedAt: SEEDED_AT,
      },
      [id(9)]: {
        id: id(9),
        source_code: '',
        code: 'SG-PROMO',
        name: '促销产品组',
        is_enable: '1',
        status: 1,
        sales_org_code: '',
        sales_org_source_code: '',
        brands: [],
        types: [{ id: id(7), name: '促销品' }],
        createdAt: SEEDED_AT + 60_000,
        modifiedAt: SEEDED_AT + 60_000,
      },
    },
    msgIds: {},
    nextId: 10,
    replies: 0,
  };
}
