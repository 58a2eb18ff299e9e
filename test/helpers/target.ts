/** Target configs for client and contract tests: a real (non-sandbox) account, the default policy unless given. */
import { DEFAULT_POLICY, type TargetConfig } from '../../src/config/model.js';

export function testTarget(fields: Pick<TargetConfig, 'name' | 'platform' | 'baseUrl' | 'credentials'> & Partial<TargetConfig>): TargetConfig {
  return { sandbox: false, paths: {}, sandboxOptions: {}, policy: DEFAULT_POLICY, ...fields };
}
