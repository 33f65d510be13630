// crc-32 ships types for its CRC-32 entry only; its CRC-32C module has the same API.
declare module 'crc-32/crc32c' {
  export function buf(data: number[] | Uint8Array, seed?: number): number;
  export function str(data: string, seed?: number): number;
  /** The byte-at-a-time table (CRC-32C polynomial, reflected). */
  export const table: Int32Array;
}
