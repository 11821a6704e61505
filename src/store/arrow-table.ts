import { createRequire } from 'node:module';
import type { Schema as ArrowSchema, Table as ArrowTable, Data } from 'apache-arrow';

// The CommonJS build LanceDB itself loads, so that its instanceof checks know the table (see tables.ts).
const arrow = createRequire(import.meta.url)('apache-arrow') as typeof import('apache-arrow');

type Cell = string | number | boolean | ArrayLike<number>;

/**
 * Rows → an Arrow table of `schema`, built column by column: one buffer per column instead of LanceDB's
 * element-by-element conversion of JavaScript objects, which was a tenth of an ingest's time. Handles the
 * column types the store's schemas use (Utf8, Int32, Bool, FixedSizeList of Float32); every column is non-null.
 */
export function arrowTable(schema: ArrowSchema, rows: ReadonlyArray<Record<string, unknown>>): ArrowTable {
  const children = schema.fields.map((field) => column(field.name, field.type, rows));
  const data = arrow.makeData({ type: new arrow.Struct(schema.fields), length: rows.length, nullCount: 0, children });
  return new arrow.Table(schema, [new arrow.RecordBatch(schema, data)]);
}

function column(name: string, type: ArrowSchema['fields'][number]['type'], rows: ReadonlyArray<Record<string, unknown>>): Data {
  const cells = rows.map((r) => {
    const v = r[name];
    if (v === undefined || v === null) throw new TypeError(`arrowTable: row without “${name}”`);
    return v as Cell;
  });
  const length = cells.length;
  if (arrow.DataType.isUtf8(type)) return utf8(cells as string[]);
  if (arrow.DataType.isInt(type)) return arrow.makeData({ type, length, nullCount: 0, data: Int32Array.from(cells as number[]) });
  if (arrow.DataType.isBool(type)) {
    const bits = new Uint8Array(Math.ceil(length / 8));
    cells.forEach((b, i) => {
      if (b) bits[i >> 3]! |= 1 << (i & 7);
    });
    return arrow.makeData({ type, length, nullCount: 0, data: bits });
  }
  if (arrow.DataType.isFixedSizeList(type)) {
    const size = type.listSize;
    const values = new Float32Array(length * size);
    cells.forEach((v, i) => {
      const vector = v as ArrayLike<number>;
      if (vector.length !== size) throw new RangeError(`arrowTable: “${name}” has ${vector.length} values, the schema ${size}`);
      values.set(vector, i * size);
    });
    const child = arrow.makeData({ type: type.children[0]!.type, length: length * size, nullCount: 0, data: values });
    return arrow.makeData({ type, length, nullCount: 0, child });
  }
  throw new TypeError(`arrowTable: column “${name}” has a type this builder does not handle (${String(type)})`);
}

/** All strings encoded at once; offsets from each string's byte length. */
function utf8(strings: string[]): Data {
  const offsets = new Int32Array(strings.length + 1);
  let bytes = 0;
  strings.forEach((s, i) => {
    if (typeof s !== 'string') throw new TypeError('arrowTable: a text column holds a non-string');
    bytes += Buffer.byteLength(s, 'utf8');
    offsets[i + 1] = bytes;
  });
  const data = Buffer.from(strings.join(''), 'utf8');
  return arrow.makeData({
    type: new arrow.Utf8(),
    length: strings.length,
    nullCount: 0,
    valueOffsets: offsets,
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
  });
}
