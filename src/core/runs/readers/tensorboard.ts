/**
 * TensorBoard `events.out.tfevents.*`: TFRecord frames (u64 length, masked CRC-32C of the length, data,
 * masked CRC-32C of the data), each an `Event` protobuf. Scalars come as `simple_value` or as a rank-0 `tensor`
 * (new-style summaries; tags whose first metadata names a plugin other than "scalars" are skipped). A bad data
 * CRC or undecodable event is reported and skipped; a bad length CRC loses the framing, so reading stops there
 * (everything before is kept). A live file is read up to its last complete record.
 *
 * Decoding uses protobufjs's Reader over the static field numbers of tensorboardSchema.ts and reads only what a
 * scalar needs: everything else (images, histograms, graph_def, metadata of a tag already seen) is stepped over
 * with `skipType`, never materialized. A reflection `decode` built an object per Event, Value and Tensor and was
 * ~2/3 of the reading time of a large event file (issue 14). One Reader walks the whole chunk (its `pos`/`len`
 * are set to each record) and a tag is recognised by comparing its bytes with the tag at the same position in the
 * previous event, so a typical record allocates nothing but the step's int64.
 */
import { Reader } from 'protobufjs/minimal';
import * as CRC32C from 'crc-32/crc32c';
import { canonicalSeries } from '../aliases';
import type { SeriesBuilder } from '../seriesBuilder';
import { addIssue, type FormatReader, type ReadTarget } from './reader';
import { DT, F } from './tensorboardSchema';

// Module-level copies: an imported binding read in the per-record loop can cost a getter call (CommonJS interop).
const CRC_TABLE = CRC32C.table;
const crc32c = CRC32C.buf;
const DTYPES = DT;
const { Event: EVENT, Summary: SUMMARY, Value: VALUE, SummaryMetadata: META, PluginData: PLUGIN, Tensor: TENSOR, TensorShape: SHAPE } = F;
const mask = (crc: number): number => ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;

/** TFRecord's CRC mask: rotate right by 15 and add a constant (uint32). */
export function maskedCrc32c(bytes: Uint8Array): number {
  return mask(crc32c(bytes) >>> 0);
}

/**
 * The masked CRC-32C of the 8 length bytes at `p`, with crc-32's own table: `CRC32C.buf` on an 8-byte
 * subarray cost a typed-array allocation and call per record for 8 table steps.
 */
function maskedCrcOfLength(b: Uint8Array, p: number): number {
  let c = -1;
  for (let i = p; i < p + 8; i++) c = (c >>> 8) ^ CRC_TABLE[(c ^ b[i]) & 0xff];
  return mask(~c >>> 0);
}

interface Long {
  toNumber(): number;
}
const toNumber = (v: number | Long): number => (typeof v === 'number' ? v : v.toNumber());

/** A tag seen at one position of an event: its bytes (to recognise it without decoding) and its series name. */
interface TagSlot {
  bytes: Uint8Array;
  tag: string;
  name: string;
  /** The series its values go to (looked up once, not per point). */
  series: SeriesBuilder;
  /** Whether a tensor value of this tag is a scalar (its first metadata named no plugin or "scalars"). */
  tensorIsScalar: boolean;
}

export class TensorBoardReader implements FormatReader {
  readonly appendOnly = true;
  consumed = 0;
  private pending = new Uint8Array(0);
  private broken = false;
  /** Plugin named by the first metadata of each tag ('' when none). */
  private readonly plugins = new Map<string, string>();
  private readonly names = new Map<string, string>();
  /** The tags of the previous event, by position. */
  private readonly slots: TagSlot[] = [];
  private wallTime: SeriesBuilder | undefined;
  /** Scalars of the event being decoded (reused: no array per event). */
  private readonly found: Array<{ series: SeriesBuilder; value: number }> = [];

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
    const r = Reader.create(buf);
    let p = 0;
    while (buf.length - p >= 12) {
      const at = this.consumed;
      const lenLo = view.getUint32(p, true);
      const lenHi = view.getUint32(p + 4, true);
      if (view.getUint32(p + 8, true) !== maskedCrcOfLength(buf, p)) {
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
      const start = p + 12;
      const end = start + lenLo;
      if (view.getUint32(end, true) !== maskedCrc32c(buf.subarray(start, end))) {
        addIssue(this.t, { offset: at, message: 'bad CRC-32C of a record; record skipped' });
      } else {
        r.pos = start;
        r.len = end;
        try {
          this.event(r);
        } catch (e) {
          addIssue(this.t, { offset: at, message: `undecodable Event protobuf (${(e as Error).message}); record skipped` });
        }
      }
      p = end + 4;
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

  /**
   * One Event (reader positioned on its bytes). Values are collected first and pushed only once the whole
   * record decoded, so an Event that turns out corrupt halfway adds nothing (as a reflection decode did).
   */
  private event(r: Reader): void {
    let wallTime = 0;
    let step = 0;
    let count = 0;
    let index = 0;
    const eventEnd = r.len;
    while (r.pos < eventEnd) {
      const key = r.uint32();
      const field = key >>> 3;
      const wire = key & 7;
      if (field === EVENT.wall_time && wire === 1) wallTime = r.double();
      else if (field === EVENT.step && wire === 0) step = toNumber(r.int64() as unknown as number | Long);
      else if (field === EVENT.summary && wire === 2) {
        const end = r.uint32() + r.pos;
        if (end > eventEnd) throw new RangeError('index out of range');
        r.len = end;
        while (r.pos < end) {
          const k = r.uint32();
          if (k >>> 3 === SUMMARY.value && (k & 7) === 2) {
            const vEnd = r.uint32() + r.pos;
            if (vEnd > end) throw new RangeError('index out of range');
            r.len = vEnd;
            count = this.value(r, index++, count);
            r.pos = vEnd;
            r.len = end;
          } else r.skipType(k & 7);
        }
        r.len = eventEnd;
      } else r.skipType(wire);
    }
    if (count === 0) return;
    const found = this.found;
    for (let i = 0; i < count; i++) found[i].series.push(step, found[i].value);
    if (wallTime > 0) (this.wallTime ??= this.t.set.get('wall_time')).push(step, wallTime);
  }

  /** Value number `index` of the event (reader limited to it); a scalar goes to `found[count]`. Returns the new count. */
  private value(r: Reader, index: number, count: number): number {
    const end = r.len;
    let tagStart = -1;
    let tagLen = 0;
    let simple: number | undefined;
    let tensorStart = -1;
    let tensorEnd = 0;
    let metaStart = -1;
    let metaEnd = 0;
    while (r.pos < end) {
      const key = r.uint32();
      const field = key >>> 3;
      const wire = key & 7;
      if (field === VALUE.tag && wire === 2) {
        tagLen = r.uint32();
        tagStart = r.pos;
        r.skip(tagLen);
      } else if (field === VALUE.simple_value && wire === 5) simple = r.float();
      else if ((field === VALUE.tensor || field === VALUE.metadata) && wire === 2) {
        const len = r.uint32();
        if (field === VALUE.tensor) tensorStart = r.pos, tensorEnd = r.pos + len;
        else metaStart = r.pos, metaEnd = r.pos + len;
        r.skip(len);
      } else r.skipType(wire);
    }
    const slot = this.slot(r, index, tagStart, tagLen, metaStart, metaEnd);
    let value = simple;
    if (value === undefined && tensorStart >= 0 && slot.tensorIsScalar) {
      r.pos = tensorStart;
      r.len = tensorEnd;
      value = scalarOf(r);
    }
    if (value === undefined) return count;
    const found = this.found;
    if (found.length <= count) found.push({ series: slot.series, value: 0 });
    found[count].series = slot.series;
    found[count].value = value;
    return count + 1;
  }

  /** The tag of a value at position `i` of the event: the previous event's tag there when the bytes match. */
  private slot(r: Reader, i: number, start: number, len: number, metaStart: number, metaEnd: number): TagSlot {
    const b = r.buf;
    const prev = this.slots[i];
    if (prev && prev.bytes.length === len && sameBytes(b, start, prev.bytes)) return prev;
    const bytes = b.slice(Math.max(start, 0), Math.max(start, 0) + len);
    const text = decodeUtf8(bytes, this.t);
    if (!this.plugins.has(text)) this.plugins.set(text, metaStart >= 0 ? pluginName(r, metaStart, metaEnd) : '');
    const plugin = this.plugins.get(text);
    let name = this.names.get(text);
    if (name === undefined) {
      name = canonicalSeries(text);
      this.names.set(text, name);
    }
    const slot = { bytes, tag: text, name, series: this.t.set.get(name), tensorIsScalar: plugin === '' || plugin === 'scalars' };
    this.slots[i] = slot;
    return slot;
  }
}

function sameBytes(b: Uint8Array, start: number, want: Uint8Array): boolean {
  for (let j = 0; j < want.length; j++) if (b[start + j] !== want[j]) return false;
  return true;
}

const textDecoder = new TextDecoder();
const decodeUtf8 = (bytes: Uint8Array, t: ReadTarget): string => (t.decodeUtf8 ? t.decodeUtf8(bytes) : textDecoder.decode(bytes));

/** SummaryMetadata.plugin_data.plugin_name, or '' (reader position is restored by the caller). */
function pluginName(r: Reader, start: number, end: number): string {
  const pos = r.pos;
  const len = r.len;
  let name = '';
  r.pos = start;
  r.len = end;
  while (r.pos < end) {
    const key = r.uint32();
    if (key >>> 3 === META.plugin_data && (key & 7) === 2) {
      const pEnd = r.uint32() + r.pos;
      if (pEnd > end) throw new RangeError('index out of range');
      r.len = pEnd;
      while (r.pos < pEnd) {
        const k = r.uint32();
        if (k >>> 3 === PLUGIN.plugin_name && (k & 7) === 2) name = r.string();
        else r.skipType(k & 7);
      }
      r.len = end;
    } else r.skipType(key & 7);
  }
  r.pos = pos;
  r.len = len;
  return name;
}

/** The value of a rank-0 numeric TensorProto (reader limited to it), else undefined. */
function scalarOf(r: Reader): number | undefined {
  const end = r.len;
  let dtype = 0;
  let dims = false;
  let content = -1;
  let contentLen = 0;
  /** The first element of each repeated *_val field, by field number. */
  const first = new Map<number, number>();
  while (r.pos < end) {
    const key = r.uint32();
    const field = key >>> 3;
    const wire = key & 7;
    if (field === TENSOR.dtype && wire === 0) dtype = r.int32();
    else if (field === TENSOR.tensor_shape && wire === 2) {
      const sEnd = r.uint32() + r.pos;
      if (sEnd > end) throw new RangeError('index out of range');
      r.len = sEnd;
      while (r.pos < sEnd) {
        const k = r.uint32();
        if (k >>> 3 === SHAPE.dim) dims = true;
        r.skipType(k & 7);
      }
      r.len = end;
    } else if (field === TENSOR.tensor_content && wire === 2) {
      contentLen = r.uint32();
      content = r.pos;
      r.skip(contentLen);
    } else if (VAL_FIELDS.has(field)) {
      // Packed (wire 2) or one element per key; only the first element overall matters.
      if (wire === 2) {
        const vEnd = r.uint32() + r.pos;
        if (vEnd > end) throw new RangeError('index out of range');
        if (vEnd > r.pos && !first.has(field)) {
          r.len = vEnd;
          first.set(field, readVal(r, field));
          r.len = end;
        }
        r.pos = vEnd;
      } else if (!first.has(field)) first.set(field, readVal(r, field));
      else r.skipType(wire);
    } else r.skipType(wire);
  }
  if (dims) return undefined;
  if (content >= 0 && contentLen > 0) {
    const c = r.buf;
    const o = content;
    const dv = new DataView(c.buffer, c.byteOffset + o, contentLen);
    if (dtype === DTYPES.FLOAT && contentLen >= 4) return dv.getFloat32(0, true);
    if (dtype === DTYPES.DOUBLE && contentLen >= 8) return dv.getFloat64(0, true);
    if (dtype === DTYPES.INT32 && contentLen >= 4) return dv.getInt32(0, true);
    if (dtype === DTYPES.INT64 && contentLen >= 8) return Number(dv.getBigInt64(0, true));
    if (dtype === DTYPES.HALF && contentLen >= 2) return halfToFloat(dv.getUint16(0, true));
    if (dtype === DTYPES.BFLOAT16 && contentLen >= 2) return bfloat16ToFloat(dv.getUint16(0, true));
    return undefined;
  }
  const field = DTYPE_FIELD[dtype];
  if (field === undefined || !first.has(field)) return undefined;
  const v = first.get(field)!;
  if (dtype === DTYPES.HALF) return halfToFloat(v);
  if (dtype === DTYPES.BFLOAT16) return bfloat16ToFloat(v);
  return v;
}

const VAL_FIELDS = new Set<number>([TENSOR.float_val, TENSOR.double_val, TENSOR.int_val, TENSOR.int64_val, TENSOR.half_val]);
/** Which repeated field holds a dtype's values when there is no tensor_content. */
const DTYPE_FIELD: Record<number, number> = {
  [DTYPES.FLOAT]: TENSOR.float_val,
  [DTYPES.DOUBLE]: TENSOR.double_val,
  [DTYPES.INT32]: TENSOR.int_val,
  [DTYPES.INT64]: TENSOR.int64_val,
  [DTYPES.HALF]: TENSOR.half_val,
  [DTYPES.BFLOAT16]: TENSOR.half_val,
};

function readVal(r: Reader, field: number): number {
  switch (field) {
    case TENSOR.float_val:
      return r.float();
    case TENSOR.double_val:
      return r.double();
    case TENSOR.int64_val:
      return toNumber(r.int64() as unknown as number | Long);
    default:
      return r.int32();
  }
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
