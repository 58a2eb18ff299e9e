/**
 * 小裂变 open-platform endpoints, relative to the account's base URL
 * (doc base: https://wechat.xiaoliebian.com/api/demo-wechat-work/open/api/).
 *
 * The platform document shows the path of `product/update/market/state` and the body of `product/add`;
 * for every other call it only names the menu entry (e.g. 商品列表 POST, 商品详情 GET). The paths marked
 * `assumed: true` are our guess; the adapter keeps the same table and lets a target override any entry
 * (`paths:` in catalog.config.yaml), and the simulator accepts the same override through its `paths` option.
 */
export interface XiaoliebianEndpoint {
  method: 'GET' | 'POST';
  path: string;
  /** Document menu entry this endpoint implements. */
  doc: string;
  /** True when the path is not in the document (only the menu name is). */
  assumed: boolean;
  /** True when the call changes state. */
  write: boolean;
}

export const XIAOLIEBIAN_PATHS = {
  token: { method: 'POST', path: '/auth/token', doc: '获取应用access_token', assumed: true, write: false },
  productList: { method: 'POST', path: '/product/list', doc: '商品列表', assumed: true, write: false },
  productDetail: { method: 'GET', path: '/product/detail', doc: '商品详情', assumed: true, write: false },
  productAdd: { method: 'POST', path: '/product/add', doc: '新增商品', assumed: false, write: true },
  productEdit: { method: 'POST', path: '/product/edit', doc: '编辑商品', assumed: true, write: true },
  productDelete: { method: 'POST', path: '/product/delete', doc: '删除商品', assumed: true, write: true },
  productGroupUnbind: { method: 'POST', path: '/product/group/unbind', doc: '删除商品与分组的绑定', assumed: true, write: true },
  productMarketState: { method: 'POST', path: '/product/update/market/state', doc: '编辑商品上下架状态', assumed: false, write: true },
  groupList: { method: 'POST', path: '/product/group/list', doc: '分组列表', assumed: true, write: false },
  groupDetail: { method: 'GET', path: '/product/group/detail', doc: '分组详情', assumed: true, write: false },
  groupAdd: { method: 'POST', path: '/product/group/add', doc: '新增分组', assumed: true, write: true },
  groupEdit: { method: 'POST', path: '/product/group/edit', doc: '编辑分组', assumed: true, write: true },
  groupDelete: { method: 'POST', path: '/product/group/delete', doc: '删除分组', assumed: true, write: true },
} as const satisfies Record<string, XiaoliebianEndpoint>;

export type XiaoliebianCall = keyof typeof XIAOLIEBIAN_PATHS;

/**
 * The endpoint table with per-account path overrides applied (`overrides[call] = "/some/path"`).
 * Unknown call names and non-string values in `overrides` are ignored.
 */
export function resolveXiaoliebianPaths(overrides: unknown): Record<XiaoliebianCall, XiaoliebianEndpoint> {
  const table = { ...XIAOLIEBIAN_PATHS } as Record<XiaoliebianCall, XiaoliebianEndpoint>;
  if (overrides && typeof overrides === 'object') {
    for (const [call, path] of Object.entries(overrides as Record<string, unknown>)) {
      if (call in table && typeof path === 'string' && path.length > 0) {
        const normalised = path.startsWith('/') ? path : `/${path}`;
        table[call as XiaoliebianCall] = { ...table[call as XiaoliebianCall], path: normalised };
      }
    }
  }
  return table;
}
