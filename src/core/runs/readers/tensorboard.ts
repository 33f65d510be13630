/**
 * TensorBoard `events.out.tfevents.*`: TFRecord frames (u64 length, masked CRC-32C of the length, data,
 * masked CRC-32C of the data), each an `Event` protobuf decoded with protobufjs. Scalars come as
 * `simple_value` or as a rank-0 `tensor` (new-style summaries; tags whose first metadata names a plugin
 * other than "scalars" are skipped). A bad data CRC or undecodable event is reported and skipped; a bad length
 * CRC loses the framing, so reading stops there (everything before is kept). A live file is read up to its
 * last complete record.
 */
import { Root } from 'protobufjs';
import * as CRC32C from 'crc-32/crc32c';
import { canonicalSeries } from '../aliases';
import { addIssue, type FormatReader, type ReadTarget } from './reader';
import { DT, TENSORBOARD_PROTO } from './tensorboardSchema';

const root = Root.fromJSON(TENSORBOARD_PROTO);
const EventType = root.lookupType('tb.Event');

interface Long {
  toNumber(): number;
}
type Int64 = number | Long | undefined | null;

interface TensorMsg {
  dtype?: number;
  tensor_shape?: { dim?: unknown[] };
  tensor_content?: Uint8Array;
  float_val?: number[];
  double_val?: number[];
  int_val?: number[];
  int64_val?: Int64[];
  half_val?: number[];
}
interface ValueMsg {
  tag?: string;
  simple_value?: number;
  tensor?: TensorMsg;
  metadata?: { plugin_data?: { plugin_name?: string } };
}
interface EventMsg {
  wall_time?: number;
  step?: Int64;
  summary?: { value?: ValueMsg[] };
}

/** TFRecord's CRC mask: rotate right by 15 and add a constant (uint32). */
export function maskedCrc32c(bytes: Uint8Array): number {
  const crc = CRC32C.buf(bytes) >>> 0;
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

const toNumber = (v: Int64): number => (v === undefined || v === null ? 0 : typeof v === 'number' ? v : v.toNumber());

export class TensorBoardReader implements FormatReader {
  readonly appendOnly = true;
  consumed = 0;
  private pending = new Uint8Array(0);
  private broken = false;
  /** Plugin named by the first metadata of each tag ('' when none). */
  private readonly plugins = new Map<string, string>();
  private readonly names = new Map<string, string>();

  constructor(private readonly t: ReadTarget) {}

  feed(bytes: Uint8Array): void {
    if (this.broken || bytes.length === 0) return;
    let buf: Uint8Array;
    if (this.pending.length === 0) buf = bytes;
    else {
      buf = new Uint8Array(this.pending.length + bytes.length);
      buf.set(this.pending);
      buf.set(bytes, this.pending.length);
    }
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    let p = 0;
    while (buf.length - p >= 12) {
      const at = this.consumed;
      const lenLo = view.getUint32(p, true);
      const lenHi = view.getUint32(p + 4, true);
      if (view.getUint32(p + 8, true) !== maskedCrc32c(buf.subarray(p, p + 8))) {
        addIssue(this.t, { offset: at, message: 'bad CRC-32C of a record length (not a TFRecord file, or corrupt); stopped reading here' });
        this.broken = true;
        break;
      }
      if (lenHi !== 0 || lenLo > 0x7fffffff) {
        addIssue(this.t, { offset: at, message: `record length ${lenHi * 2 ** 32 + lenLo} is not plausible; stopped reading here` });
        this.broken = true;
        break;
      }
      if (buf.length - p < 12 + lenLo + 4) break; // the writer has not finished this record yet
      const data = buf.subarray(p + 12, p + 12 + lenLo);
      if (view.getUint32(p + 12 + lenLo, true) !== maskedCrc32c(data)) {
        addIssue(this.t, { offset: at, message: 'bad CRC-32C of a record; record skipped' });
      } else {
        this.event(data, at);
      }
      p += 16 + lenLo;
      this.consumed += 16 + lenLo;
    }
    this.pending = this.broken ? new Uint8Array(0) : buf.slice(p);
  }

  end(): void {
    if (this.pending.length > 0) {
      addIssue(this.t, { offset: this.consumed, message: `truncated record (${this.pending.length} bytes at the end) ignored` });
      this.consumed += this.pending.length;
      this.pending = new Uint8Array(0);
    }
  }

  private event(data: Uint8Array, offset: number): void {
    let ev: EventMsg;
    try {
      ev = EventType.decode(data) as unknown as EventMsg;
    } catch (e) {
      addIssue(this.t, { offset, message: `undecodable Event protobuf (${(e as Error).message}); record skipped` });
      return;
    }
    const values = ev.summary?.value;
    if (!values?.length) return;
    const step = toNumber(ev.step);
    let any = false;
    for (const v of values) {
      const tag = v.tag ?? '';
      if (!this.plugins.has(tag)) this.plugins.set(tag, v.metadata?.plugin_data?.plugin_name ?? '');
      const plugin = this.plugins.get(tag);
      let value: number | undefined;
      if (Object.prototype.hasOwnProperty.call(v, 'simple_value')) value = v.simple_value;
      else if (v.tensor && (plugin === '' || plugin === 'scalars')) value = scalarOf(v.tensor);
      if (value === undefined) continue;
      let name = this.names.get(tag);
      if (name === undefined) {
        name = canonicalSeries(tag);
        this.names.set(tag, name);
      }
      this.t.set.push(name, step, value);
      any = true;
    }
    if (any && typeof ev.wall_time === 'number' && ev.wall_time > 0) this.t.set.push('wall_time', step, ev.wall_time);
  }
}

/** The value of a rank-0 numeric tensor, else undefined. */
function scalarOf(t: TensorMsg): number | undefined {
  if (t.tensor_shape?.dim?.length) return undefined;
  const dtype = t.dtype ?? 0;
  const c = t.tensor_content;
  if (c && c.length) {
    const dv = new DataView(c.buffer, c.byteOffset, c.byteLength);
    if (dtype === DT.FLOAT && c.length >= 4) return dv.getFloat32(0, true);
    if (dtype === DT.DOUBLE && c.length >= 8) return dv.getFloat64(0, true);
    if (dtype === DT.INT32 && c.length >= 4) return dv.getInt32(0, true);
    if (dtype === DT.INT64 && c.length >= 8) return Number(dv.getBigInt64(0, true));
    if (dtype === DT.HALF && c.length >= 2) return halfToFloat(dv.getUint16(0, true));
    if (dtype === DT.BFLOAT16 && c.length >= 2) return bfloat16ToFloat(dv.getUint16(0, true));
    return undefined;
  }
  if (dtype === DT.FLOAT && t.float_val?.length) return t.float_val[0];
  if (dtype === DT.DOUBLE && t.double_val?.length) return t.double_val[0];
  if (dtype === DT.INT32 && t.int_val?.length) return t.int_val[0];
  if (dtype === DT.INT64 && t.int64_val?.length) return toNumber(t.int64_val[0]);
  if (dtype === DT.HALF && t.half_val?.length) return halfToFloat(t.half_val[0]);
  if (dtype === DT.BFLOAT16 && t.half_val?.length) return bfloat16ToFloat(t.half_val[0]);
  return undefined;
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

function bfloat16ToFloat(b: number): number {
  const dv = new DataView(new ArrayBuffer(4));
  dv.setUint32(0, (b & 0xffff) << 16);
  return dv.getFloat32(0);
}
