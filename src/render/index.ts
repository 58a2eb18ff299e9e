import type { PlanFormat, PlanRenderer } from './renderer.js';
import { textRenderer } from './plan-text.js';
import { markdownRenderer } from './plan-markdown.js';
import { jsonRenderer } from './plan-json.js';

export const PLAN_RENDERERS: Record<PlanFormat, PlanRenderer> = {
  text: textRenderer,
  markdown: markdownRenderer,
  json: jsonRenderer,
};
export type { PlanFormat, PlanRenderer, RenderOptions } from './renderer.js';
