/** Catalog's import of the money module (src/money/fen.ts), kept while other branches still import it here. */
export { formatFen, parseMoney, type MoneyErrorCode, type MoneyResult } from '../money/fen.js';
