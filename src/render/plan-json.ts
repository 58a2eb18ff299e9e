/**
 * Machine output: the plan itself, byte for byte the saved-plan file (src/plan/saved-plan.ts owns
 * its layout and version).
 */
import { savedPlanText } from '../plan/saved-plan.js';
import type { PlanRenderer } from './renderer.js';

export const jsonRenderer: PlanRenderer = {
  render: (plan) => savedPlanText(plan),
};
