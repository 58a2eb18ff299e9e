import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../core.js';
import { formatWaiqin365Timestamp, waiqin365Digest } from './sign.js';
import { WAIQIN365_PATH_PREFIX } from './simulator.js';
import { useMswSandbox } from '../../../test/helpers/msw-sandbox.js';

const ORIGIN = 'http://sandbox.test';
const CREDENTIALS = { openid: '7000000000000000001', appkey: 'sandbox-appkey' };

describe('waiqin365 simulator through the sandbox msw handlers', () => {
  const clock = new ManualClock();
  const env = useMswSandbox({ origin: ORIGIN, accounts: [{ name: 'sales', platform: 'waiqin365', credentials: CREDENTIALS }], seed: true, clock });

  async function call(api: string, body: unknown): Promise<any> {
    const text = JSON.stringify(body);
    const timestamp = formatWaiqin365Timestamp(clock.now());
    const digest = waiqin365Digest(text, CREDENTIALS.appkey, timestamp);
    const url = `${ORIGIN}/sales${WAIQIN365_PATH_PREFIX}${api}/${CREDENTIALS.openid}/${timestamp}/${digest}/${randomUUID()}`;
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: text });
    expect(res.status).toBe(200);
    return res.json();
  }

  it('verifies the signed URL, upserts by source_code and returns the page as a JSON string', async () => {
    const saved = await call('saveProductGroup', {
      source_code: 'accessories',
      name: '手机配件',
      code: 'SG-ACCESSORIES',
      types: [{ name: '充电设备' }, { name: '手机壳膜' }],
    });
    expect(Number(saved.return_code)).toBe(0);
    const page = await call('queryProductGroupInfos', { page_number: 1, page_length: 1000 });
    expect(Number(page.return_code)).toBe(0);
    const groups = JSON.parse(page.response_data) as { source_code: string; id: string }[];
    expect(groups.map((g) => g.source_code)).toEqual(['phones', '', 'accessories']);
    expect(groups[2]!.id).toBe(saved.response_data.id);
  });
});
