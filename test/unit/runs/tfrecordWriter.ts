/**
 * Writes TensorBoard event files for tests and benchmarks: TFRecord frames with masked CRC-32C around Event
 * protobufs encoded by protobufjs with the same schema the reader uses. `style: 'tensor'` writes new-style
 * summaries (a rank-0 float tensor with "scalars" plugin metadata on the first value of a tag).
 */
import { Root } from 'protobufjs';
import { maskedCrc32c } from '../../../src/core/runs/readers/tensorboard';
import { TENSORBOARD_PROTO } from '../../../src/core/runs/readers/tensorboardSchema';

const Event = Root.fromJSON(TENSORBOARD_PROTO).lookupType('tb.Event');

export function frame(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(16 + data.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, data.length, true);
  dv.setUint32(4, 0, true);
  dv.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(data, 12);
  dv.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}

export interface ScalarEvent {
  step: number;
  wallTime?: number;
  scalars: Record<string, number>;
}

export function encodeEvents(events: ScalarEvent[], style: 'simple' | 'tensor' = 'simple'): Uint8Array {
  const seen = new Set<string>();
  const frames: Uint8Array[] = [frame(Event.encode(Event.create({ wall_time: 1.7e9, file_version: 'brain.Event:2' })).finish())];
  for (const e of events) {
    const value = Object.entries(e.scalars).map(([tag, v]) => {
      if (style === 'simple') return { tag, simple_value: v };
      const content = new Uint8Array(4);
      new DataView(content.buffer).setFloat32(0, v, true);
      const first = !seen.has(tag);
      seen.add(tag);
      return {
        tag,
        tensor: { dtype: 1, tensor_shape: {}, tensor_content: content },
        ...(first ? { metadata: { plugin_data: { plugin_name: 'scalars' } } } : {}),
      };
    });
    frames.push(frame(Event.encode(Event.create({ wall_time: e.wallTime ?? 1.7e9 + e.step, step: e.step, summary: { value } })).finish()));
  }
  const total = frames.reduce((n, f) => n + f.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const f of frames) {
    out.set(f, o);
    o += f.length;
  }
  return out;
}
