/**
 * Where a YAML syntax error starts. The parser notices an unclosed `[`, `{` or quote where the text
 * can no longer belong to it (often the next line, or the end of the file); the merchant needs the
 * place that opens it. Used by yaml-source.ts to word and place the `yaml.syntax` diagnostic.
 */
import { CST, Parser } from 'yaml';

export interface SyntaxCause {
  /** Offset of the opening character. */
  offset: number;
  message: string;
  hint: string;
}

const FLOW_NAMES = { '[': 'list', '{': 'mapping' } as const;
const FLOW_CLOSE = { '[': ']', '{': '}' } as const;

/**
 * The innermost flow collection (`[` or `{`) opened before `errorOffset` and never closed, from
 * the parser's concrete syntax tree, which keeps the brackets as tokens (so brackets inside quoted
 * or plain text are never mistaken for structure).
 */
export function unclosedFlowCause(text: string, errorOffset: number): SyntaxCause | undefined {
  let found: { offset: number; open: '[' | '{' } | undefined;
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const v of value) visit(v);
      return;
    }
    const token = value as Partial<CST.FlowCollection> & Record<string, unknown>;
    if (token.type === 'flow-collection' && token.start && typeof token.offset === 'number') {
      const open = token.start.source as '[' | '{';
      const closed = (token.end ?? []).some((t) => t.type === 'flow-seq-end' || t.type === 'flow-map-end');
      if (!closed && open in FLOW_NAMES && token.offset <= errorOffset && (!found || token.offset > found.offset)) found = { offset: token.offset, open };
    }
    for (const [k, v] of Object.entries(token)) if (k !== 'type' && k !== 'source') visit(v);
  };
  for (const token of new Parser().parse(text)) visit(token);
  if (!found) return undefined;
  return {
    offset: found.offset,
    message: `YAML syntax error: the ${FLOW_NAMES[found.open]} opened here with "${found.open}" is never closed`,
    hint: `add the closing "${FLOW_CLOSE[found.open]}" (a ${FLOW_NAMES[found.open]} written with "${found.open}" must end with "${FLOW_CLOSE[found.open]}"; continuation lines must be indented)`,
  };
}
