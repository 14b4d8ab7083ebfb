import { DomainError } from './errors.js';
import type { Rng } from './rng.js';

/**
 * A tiny template language for paraphrase generation:
 *   `[a|b|c]`  one alternative, chosen at random (may be empty: `[very |]`; may nest)
 *   `{slot}`   a value from the slot table, bound once per item so a party or drug keeps its name
 *   `{slot*}`  a fresh value on every use (e.g. several different amounts in one note)
 * Slot values that are strings are templates themselves and are expanded recursively.
 */
export type SlotValue = readonly string[] | ((rng: Rng) => string);
export type SlotTable = Readonly<Record<string, SlotValue>>;

type Node = string | { slot: string; fresh: boolean } | { alternatives: Node[][] };

function syntaxError(template: string, reason: string): DomainError {
  return new DomainError({ code: 'BAD_TEMPLATE', template, reason }, `bad template: ${reason}`, {
    metaMessages: [`template: ${template}`],
  });
}

const compiled = new Map<string, Node[]>();

function parse(source: string): Node[] {
  let pos = 0;

  function sequence(insideAlternation: boolean): Node[] {
    const nodes: Node[] = [];
    let text = '';
    const flush = (): void => {
      if (text) nodes.push(text);
      text = '';
    };
    while (pos < source.length) {
      const ch = source[pos]!;
      if (insideAlternation && (ch === '|' || ch === ']')) break;
      if (ch === '[') {
        flush();
        pos++;
        const alternatives: Node[][] = [sequence(true)];
        while (source[pos] === '|') {
          pos++;
          alternatives.push(sequence(true));
        }
        if (source[pos] !== ']') throw syntaxError(source, "unclosed '['");
        pos++;
        nodes.push({ alternatives });
      } else if (ch === '{') {
        flush();
        const end = source.indexOf('}', pos);
        if (end < 0) throw syntaxError(source, "unclosed '{'");
        let name = source.slice(pos + 1, end);
        const fresh = name.endsWith('*');
        if (fresh) name = name.slice(0, -1);
        nodes.push({ slot: name, fresh });
        pos = end + 1;
      } else if (ch === ']' || ch === '}') {
        throw syntaxError(source, `stray '${ch}'`);
      } else {
        text += ch;
        pos++;
      }
    }
    flush();
    return nodes;
  }

  const nodes = sequence(false);
  if (pos !== source.length) throw syntaxError(source, `stray '${source[pos]}'`);
  return nodes;
}

function compile(source: string): Node[] {
  let nodes = compiled.get(source);
  if (!nodes) {
    nodes = parse(source);
    compiled.set(source, nodes);
  }
  return nodes;
}

/** Renders templates for one item: slot bindings live as long as this object. */
export class TemplateRenderer {
  private readonly bound = new Map<string, string>();

  constructor(
    private readonly rng: Rng,
    private readonly slots: SlotTable,
  ) {}

  render(template: string): string {
    return this.renderNodes(compile(template), 0);
  }

  private renderNodes(nodes: Node[], depth: number): string {
    if (depth > 16) throw syntaxError('', 'slots nest too deeply (a slot refers to itself?)');
    let out = '';
    for (const node of nodes) {
      if (typeof node === 'string') out += node;
      else if ('alternatives' in node) out += this.renderNodes(this.rng.pick(node.alternatives), depth);
      else out += this.slotValue(node.slot, node.fresh, depth);
    }
    return out;
  }

  private slotValue(name: string, fresh: boolean, depth: number): string {
    if (!fresh) {
      const known = this.bound.get(name);
      if (known !== undefined) return known;
    }
    const source = this.slots[name];
    if (source === undefined) throw syntaxError(`{${name}}`, `unknown slot {${name}}`);
    const value =
      typeof source === 'function'
        ? source(this.rng)
        : this.renderNodes(compile(this.rng.pick(source)), depth + 1);
    if (!fresh) this.bound.set(name, value);
    return value;
  }
}

/** Checks a template parses and names only known slots (used by tests over every task definition). */
export function templateSlots(template: string): string[] {
  const names: string[] = [];
  const walk = (nodes: Node[]): void => {
    for (const node of nodes) {
      if (typeof node === 'string') continue;
      if ('alternatives' in node) for (const alt of node.alternatives) walk(alt);
      else names.push(node.slot);
    }
  };
  walk(compile(template));
  return names;
}
