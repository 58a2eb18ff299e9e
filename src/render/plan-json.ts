/** Machine output: the plan itself (schemas/plan.schema.json, versioned by formatVersion). */
import type { PlanRenderer } from './renderer.js';

export const jsonRenderer: PlanRenderer = {
  render: (plan) => `${JSON.stringify(plan, null, 2)}\n`,
};
