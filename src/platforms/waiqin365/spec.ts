/** The waiqin365 platform (外勤365): everything the rest of the program knows about it (see ../spec.ts). */
import type { PlatformSpec } from '../spec.js';
import { waiqin365GroupBlock } from './catalog.js';
import { waiqin365Adapter } from './index.js';
import { waiqin365Push } from './push.js';
import { checkWaiqin365 } from './rules.js';

export const spec = {
  name: 'waiqin365',
  title: '外勤365',
  docs: 'docs/platforms/waiqin365.md',
  kinds: ['Group'],
  blocks: { Group: waiqin365GroupBlock },
  takesByDefault: (written) => written.kind !== 'Group' || written.platforms?.waiqin365 !== undefined,
  rule: checkWaiqin365,
  ruleCodes: {
    'waiqin365.block-required': 'A group going to waiqin365 has no platforms.waiqin365 block.',
    'waiqin365.brands-or-types': 'A waiqin365 group has both or neither of brands and types.',
    'waiqin365.name-length': 'Group name longer than 200 characters on waiqin365.',
  },
  credentials: ['openid', 'appkey'],
  optionalCredentials: [],
  secretCredentials: ['appkey'],
  defaultBaseUrl: 'https://openapi.waiqin365.com',
  assumedPaths: false,
  sandboxCredentials: { openid: 'sandbox-openid', appkey: 'SANDBOXWQAPPKEY000' },
  phases: ['groups', 'delete-groups'],
  adapter: waiqin365Adapter,
  checkCodes: {},
  lookupExamples: [],
  scaffold: {
    target: {
      name: 'sales',
      variables: `sales  (外勤365):       WQ_OPENID, WQ_APPKEY, WQ_HOST (baseUrl: the tenant's OpenAPI host)`,
      yaml: `    platform: waiqin365
    sandbox: true
    # baseUrl: \${WQ_HOST}   # the tenant's OpenAPI host, e.g. https://openapi.waiqin365.com
    openid: \${WQ_OPENID:-}
    appkey: \${WQ_APPKEY:-}
`,
    },
    blocks: {
      'accessories': `    types:
      - name: 数码配件
`,
    },
    secondProduct: false,
    images: null,
  },
  push: waiqin365Push,
} as const satisfies PlatformSpec<'waiqin365'>;
