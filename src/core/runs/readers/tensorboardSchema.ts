/**
 * The subset of TensorFlow's event.proto / summary.proto / tensor.proto / tensor_shape.proto a scalar reader
 * needs, as a protobufjs JSON descriptor (field numbers as in tensorflow/core/{util/event,framework/*}.proto).
 * Tests encode events with it (protobufjs reflection); the reader decodes by the field numbers in `F` below.
 */
export const TENSORBOARD_PROTO = {
  nested: {
    tb: {
      nested: {
        Event: {
          fields: {
            wall_time: { type: 'double', id: 1 },
            step: { type: 'int64', id: 2 },
            file_version: { type: 'string', id: 3 },
            summary: { type: 'Summary', id: 5 },
          },
        },
        Summary: {
          fields: { value: { rule: 'repeated', type: 'Value', id: 1 } },
          nested: {
            Value: {
              fields: {
                node_name: { type: 'string', id: 7 },
                tag: { type: 'string', id: 1 },
                metadata: { type: 'SummaryMetadata', id: 9 },
                simple_value: { type: 'float', id: 2 },
                tensor: { type: 'TensorProto', id: 8 },
              },
            },
          },
        },
        SummaryMetadata: {
          fields: {
            plugin_data: { type: 'PluginData', id: 1 },
            display_name: { type: 'string', id: 2 },
            data_class: { type: 'int32', id: 4 },
          },
          nested: { PluginData: { fields: { plugin_name: { type: 'string', id: 1 }, content: { type: 'bytes', id: 2 } } } },
        },
        TensorProto: {
          fields: {
            dtype: { type: 'int32', id: 1 },
            tensor_shape: { type: 'TensorShapeProto', id: 2 },
            tensor_content: { type: 'bytes', id: 4 },
            float_val: { rule: 'repeated', type: 'float', id: 5 },
            double_val: { rule: 'repeated', type: 'double', id: 6 },
            int_val: { rule: 'repeated', type: 'int32', id: 7 },
            int64_val: { rule: 'repeated', type: 'int64', id: 10 },
            half_val: { rule: 'repeated', type: 'int32', id: 13 },
          },
        },
        TensorShapeProto: {
          fields: { dim: { rule: 'repeated', type: 'Dim', id: 2 }, unknown_rank: { type: 'bool', id: 3 } },
          nested: { Dim: { fields: { size: { type: 'int64', id: 1 }, name: { type: 'string', id: 2 } } } },
        },
      },
    },
  },
};

/** tensorflow DataType values a scalar can have. */
export const DT = { FLOAT: 1, DOUBLE: 2, INT32: 3, INT64: 9, BFLOAT16: 14, HALF: 19 } as const;

/**
 * Field numbers the reader decodes (tensorboard.ts walks them with protobufjs's Reader; every other field is
 * skipped by wire type). Same numbers as TENSORBOARD_PROTO above, which tests use to encode events.
 */
export const F = {
  Event: { wall_time: 1, step: 2, summary: 5 },
  Summary: { value: 1 },
  Value: { tag: 1, simple_value: 2, tensor: 8, metadata: 9 },
  SummaryMetadata: { plugin_data: 1 },
  PluginData: { plugin_name: 1 },
  Tensor: { dtype: 1, tensor_shape: 2, tensor_content: 4, float_val: 5, double_val: 6, int_val: 7, int64_val: 10, half_val: 13 },
  TensorShape: { dim: 2 },
} as const;
