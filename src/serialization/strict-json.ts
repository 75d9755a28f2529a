// A strict JSON parser for safetensors headers. JSON.parse cannot serve: it silently keeps the last of duplicate
// keys (a header naming a tensor twice must be rejected), turns "__proto__" keys into prototypes on plain objects,
// accepts lone surrogate escapes (which the reference Rust reader rejects) and reorders integer-like keys. Objects
// come back as Maps in document order; nesting is capped like serde_json's recursion limit.

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export type JsonObject = Map<string, JsonValue>;

const MAX_DEPTH = 128;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;
const LITERALS: readonly (readonly [string, boolean | null])[] = [['true', true], ['false', false], ['null', null]];
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class Parser {
  private pos = 0;

  constructor(private readonly text: string) {}

  parseDocument(): JsonValue {
    this.skipWhitespace();
    const value = this.parseValue(0);
    this.skipWhitespace();
    if (this.pos !== this.text.length) this.fail('unexpected text after the top-level value');
    return value;
  }

  private fail(reason: string): never {
    throw new Error(`${reason} at character ${this.pos}`);
  }

  private skipWhitespace(): void {
    for (;;) {
      const c = this.text.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return;
      this.pos++;
    }
  }

  private expect(literal: string): void {
    if (!this.text.startsWith(literal, this.pos)) this.fail(`expected '${literal}'`);
    this.pos += literal.length;
  }

  private parseValue(depth: number): JsonValue {
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH} levels`);
    const c = this.text[this.pos];
    if (c === '{') return this.parseObject(depth);
    if (c === '[') return this.parseArray(depth);
    if (c === '"') return this.parseString();
    if (c === 't' || c === 'f' || c === 'n') return this.parseLiteral();
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match) this.fail(c === undefined ? 'unexpected end of text' : `unexpected character '${c}'`);
    this.pos += match[0].length;
    return Number(match[0]);
  }

  private parseLiteral(): boolean | null {
    for (const [literal, value] of LITERALS) {
      if (this.text.startsWith(literal, this.pos)) {
        this.pos += literal.length;
        return value;
      }
    }
    return this.fail('invalid literal');
  }

  private parseObject(depth: number): JsonObject {
    const object: JsonObject = new Map();
    this.pos++;
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return object;
    }
    for (;;) {
      if (this.text[this.pos] !== '"') this.fail('expected a string key');
      const keyAt = this.pos;
      const key = this.parseString();
      if (object.has(key)) {
        this.pos = keyAt;
        this.fail(`duplicate key ${JSON.stringify(key)}`);
      }
      this.skipWhitespace();
      this.expect(':');
      this.skipWhitespace();
      object.set(key, this.parseValue(depth + 1));
      this.skipWhitespace();
      if (this.text[this.pos] === '}') {
        this.pos++;
        return object;
      }
      this.expect(',');
      this.skipWhitespace();
    }
  }

  private parseArray(depth: number): JsonValue[] {
    const array: JsonValue[] = [];
    this.pos++;
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return array;
    }
    for (;;) {
      array.push(this.parseValue(depth + 1));
      this.skipWhitespace();
      if (this.text[this.pos] === ']') {
        this.pos++;
        return array;
      }
      this.expect(',');
      this.skipWhitespace();
    }
  }

  private parseString(): string {
    this.pos++;
    let out = '';
    let runStart = this.pos;
    for (;;) {
      const code = this.text.charCodeAt(this.pos);
      if (Number.isNaN(code)) this.fail('unterminated string');
      if (code === 0x22) {
        out += this.text.slice(runStart, this.pos++);
        return out;
      }
      if (code < 0x20) this.fail('control character in string');
      if (code !== 0x5c) {
        this.pos++;
        continue;
      }
      out += this.text.slice(runStart, this.pos);
      out += this.parseEscape();
      runStart = this.pos;
    }
  }

  /** One escape after a backslash; a \u escape of a surrogate must be a high-low pair. */
  private parseEscape(): string {
    const kind = this.text[this.pos + 1];
    if (kind !== 'u') {
      const simple = kind === undefined ? undefined : SIMPLE_ESCAPES[kind];
      if (simple === undefined) this.fail('invalid escape');
      this.pos += 2;
      return simple;
    }
    const unit = this.hexUnit(this.pos + 2);
    this.pos += 6;
    if (unit >= 0xdc00 && unit <= 0xdfff) this.fail('lone low surrogate escape');
    if (unit < 0xd800 || unit > 0xdbff) return String.fromCharCode(unit);
    if (!this.text.startsWith('\\u', this.pos)) this.fail('lone high surrogate escape');
    const low = this.hexUnit(this.pos + 2);
    if (low < 0xdc00 || low > 0xdfff) this.fail('lone high surrogate escape');
    this.pos += 6;
    return String.fromCharCode(unit, low);
  }

  private hexUnit(at: number): number {
    const digits = this.text.slice(at, at + 4);
    if (!HEX4.test(digits)) this.fail('invalid \\u escape');
    return parseInt(digits, 16);
  }
}

/** Parses a complete JSON text; throws an Error naming the problem and its character offset. */
export function parseStrictJson(text: string): JsonValue {
  return new Parser(text).parseDocument();
}
