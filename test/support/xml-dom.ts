/**
 * A strict XML parser (sax, strict mode, namespaces) turning a document into a small tree of
 * decoded values: what any conforming XML reader gets from our bytes.
 */
import sax from "sax";

export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  /** Text and CDATA inside the element itself, decoded. */
  text: string;
  /** True when some of `text` came from a CDATA section. */
  cdata: boolean;
}

export function parseStrict(xml: string): XmlNode {
  const parser = sax.parser(true, { xmlns: false, trim: false });
  const root: XmlNode = { name: "#document", attrs: {}, children: [], text: "", cdata: false };
  const stack: XmlNode[] = [root];
  const top = () => stack[stack.length - 1] as XmlNode;
  parser.onerror = (e) => {
    throw e;
  };
  parser.onopentag = (tag) => {
    const node: XmlNode = {
      name: tag.name,
      attrs: Object.fromEntries(Object.entries(tag.attributes).map(([k, v]) => [k, String(v)])),
      children: [],
      text: "",
      cdata: false,
    };
    top().children.push(node);
    stack.push(node);
  };
  parser.onclosetag = () => {
    stack.pop();
  };
  parser.ontext = (text) => {
    top().text += text;
  };
  parser.oncdata = (text) => {
    top().text += text;
    top().cdata = true;
  };
  parser.write(xml).close();
  return root;
}

/** Every element named `name` under `node`, depth first. */
export function all(node: XmlNode, name: string): XmlNode[] {
  return node.children.flatMap((c) => [...(c.name === name ? [c] : []), ...all(c, name)]);
}

/** The first element named `name` under `node`; throws when there is none. */
export function one(node: XmlNode, name: string): XmlNode {
  const found = all(node, name)[0];
  if (!found) throw new Error(`no <${name}> in <${node.name}>`);
  return found;
}
