/** A `--port` value: 0..65535 (0 or absent: a free port), else undefined (the caller reports it). */
export function parsePort(value: string | undefined): number | undefined {
  const text = value ?? '0';
  return /^\d+$/.test(text) && Number(text) <= 65_535 ? Number(text) : undefined;
}
