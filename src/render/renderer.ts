/**
 * Plan renderers sit behind one interface (Terraform-style): computing a plan and showing it are
 * separate. Renderers are pure: plan in, text out.
 */
import type { Plan } from '../plan/types.js';

export type PlanFormat = 'text' | 'markdown' | 'json';

export interface RenderOptions {
  color: boolean;
  /** Every action, default and note on its own line (`plan --verbose`). */
  verbose?: boolean;
}

export interface PlanRenderer {
  render(plan: Plan, opts: RenderOptions): string;
}
