/**
 * Where names come from when an expression is evaluated. A Scope holds a host's vars as written
 * and renders a var's own `{{ }}` only when something uses it (Ansible's lazy templating of
 * inventory vars), once, remembering the chain so a reference loop is an error, not a hang.
 */
import { TemplateError } from './errors.ts';
import { Undefined, type Value } from './values.ts';

/** A mapping whose values are produced on demand (`hostvars`: one host's vars resolved only when used). */
export class LazyMap {
  private readonly cache = new Map<string, Value>();
  constructor(
    readonly keys: () => string[],
    private readonly make: (key: string) => Value | undefined,
  ) {}
  get(key: string): Value | undefined {
    if (!this.cache.has(key)) this.cache.set(key, this.make(key));
    return this.cache.get(key);
  }
  has(key: string): boolean {
    return this.get(key) !== undefined;
  }
}

/** Renders a template text in a scope: injected by the renderer so scope.ts needs no renderer import. */
export type Renderer = (text: string, scope: Scope) => Value;

const TEMPLATED = /\{\{|\{%|\{#/;

/**
 * Values that are data, never templates: a registered task result holds what a host printed,
 * and a `{{` in a command's stdout must not be rendered (Ansible marks such results unsafe).
 */
const LITERAL = new WeakSet<object>();

/** Marks an object (and everything in it) as never templated; returns it. */
export function literal<T extends object>(v: T): T {
  LITERAL.add(v);
  return v;
}

export class Scope {
  private readonly done = new Map<string, Value>();
  private readonly active: string[] = [];

  constructor(
    private readonly raw: Readonly<Record<string, unknown>>,
    private readonly render: Renderer,
  ) {}

  /** True when the var exists (even if its own template would fail). */
  has(name: string): boolean {
    return Object.hasOwn(this.raw, name);
  }

  names(): string[] {
    return Object.keys(this.raw);
  }

  /** The var's value with its own templates rendered; an Undefined when there is no such var. */
  get(name: string, at: number): Value {
    if (!Object.hasOwn(this.raw, name)) return new Undefined(`'${name}' is undefined`);
    if (this.done.has(name)) return this.done.get(name);
    const value = this.raw[name];
    if (!hasTemplate(value)) return value;
    const loop = this.active.indexOf(name);
    if (loop >= 0) throw new TemplateError(`reference loop: ${[...this.active.slice(loop), name].join(' → ')}`, at);
    this.active.push(name);
    try {
      const out = this.deep(value);
      this.done.set(name, out);
      return out;
    } catch (e) {
      if (e instanceof TemplateError) throw new TemplateError(e.message, e.offset, [name, ...e.via]);
      throw e;
    } finally {
      this.active.pop();
    }
  }

  private deep(v: unknown): Value {
    if (typeof v === 'string') return TEMPLATED.test(v) ? this.render(v, this) : v;
    if (v && typeof v === 'object' && LITERAL.has(v)) return v as Value;
    if (Array.isArray(v)) return v.map((x) => this.deep(x));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, this.deep(x)]));
    return v;
  }
}

/** Whether a value (or anything inside it) holds template markup. */
export function hasTemplate(v: unknown): boolean {
  if (typeof v === 'string') return TEMPLATED.test(v);
  if (v && typeof v === 'object' && LITERAL.has(v)) return false;
  if (Array.isArray(v)) return v.some(hasTemplate);
  if (v && typeof v === 'object') return Object.values(v).some(hasTemplate);
  return false;
}
