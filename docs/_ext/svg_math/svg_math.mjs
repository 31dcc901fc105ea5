// Typesets TeX into SVG with MathJax 4, for the book's build (docs/_ext/svg_math.py runs it).
//
// Reads JSON from standard input: {"pages": {"<name>": [[tex, display], ...], ...}}.
// Writes JSON to standard output:
//   {"css": "<MathJax's stylesheet for SVG output>",
//    "pages": {"<name>": {"formulas": ["<mjx-container>...", ...], "defs": "<svg>...</svg>"}},
//    "errors": [{"page": name, "index": i, "tex": tex, "message": text}, ...]}
// Each page shares one cache of glyph paths (fontCache "global"): a glyph's outline is written
// once per page, in "defs", and each formula refers to it with <use>. The hidden assistive MathML
// beside each SVG is what a screen reader reads. A formula that MathJax cannot typeset is
// reported in "errors" (the build then fails), never drawn as red text.
//
// Each SVG is flattened (flattenSvg below): MathJax nests a <g> per MathML node, and one more per
// positioned glyph, each with its own transform; the browser styles and lays out every one of
// them. The glyphs and rules are drawn the same with their transforms composed into one each, as
// the children of the SVG's single outer <g>: on the training chapter 4,400 elements of formula
// SVG become about 1,900.
import MathJax from "@mathjax/src";

const readStdin = async () => {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
};

const request = JSON.parse(await readStdin());

await MathJax.init({
  loader: {
    load: ["input/tex", "output/svg", "a11y/assistive-mml"],
  },
  tex: {
    // An unknown macro is an error (not a red name on the page).
    packages: { "[-]": ["noundefined"] },
    formatError: (jax, error) => {
      throw error;
    },
  },
  svg: { fontCache: "global" },
  startup: { typeset: false },
});

const adaptor = MathJax.startup.adaptor;

// --- flattening: 2-D affine transforms as [a, b, c, d, e, f] (SVG's matrix(a b c d e f)) ---
const IDENTITY = [1, 0, 0, 1, 0, 0];
const multiply = (m, n) => [
  m[0] * n[0] + m[2] * n[1],
  m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3],
  m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4],
  m[1] * n[4] + m[3] * n[5] + m[5],
];
const TRANSFORM = /(translate|scale|matrix)\(([^)]*)\)/g;
// The matrix of a transform attribute made of translate, scale and matrix; null for anything else.
const parseTransform = (text) => {
  if (text.replace(TRANSFORM, "").trim()) return null;
  let m = IDENTITY;
  for (const [, name, args] of text.matchAll(TRANSFORM)) {
    const v = args.trim().split(/[\s,]+/).map(Number);
    if (v.some(Number.isNaN)) return null;
    if (name === "translate") m = multiply(m, [1, 0, 0, 1, v[0], v[1] ?? 0]);
    else if (name === "scale") m = multiply(m, [v[0], 0, 0, v[1] ?? v[0], 0, 0]);
    else if (v.length === 6) m = multiply(m, v);
    else return null;
  }
  return m;
};
// Fixed decimals, so that two builds write the same: positions to a tenth of MathJax's unit
// (1/1000 em), as MathJax writes them; scales to four places.
const decimal = (x, places) => {
  const text = String(Math.round(x * 10 ** places) / 10 ** places);
  return text === "-0" ? "0" : text;
};
const formatTransform = (m) => {
  const [a, b, c, d, e, f] = m.map((x, i) => decimal(x, i < 4 ? 4 : 1));
  if (b !== "0" || c !== "0") return `matrix(${[a, b, c, d, e, f].join(" ")})`;
  const parts = [];
  if (e !== "0" || f !== "0") parts.push(`translate(${e},${f})`);
  if (a !== "1" || d !== "1") parts.push(a === d ? `scale(${a})` : `scale(${a},${d})`);
  return parts.join(" ");
};
// MathJax's attributes for its in-browser tools (svg_math/__init__.py drops them all).
const TOOL_ATTRIBUTE = /^data-(?:latex|latex-item|mml-node|c|mjx-texclass)$/;
const elements = (node) => adaptor.childNodes(node).filter((n) => adaptor.kind(n) !== "#text");
// Whether the subtree is only groups (with nothing but a transform) around glyphs and rules.
const flattenable = (node) =>
  adaptor.childNodes(node).every((child) => {
    const kind = adaptor.kind(child);
    if (kind === "#text") return !adaptor.value(child).trim();
    const names = adaptor.allAttributes(child).map((a) => a.name);
    const transform = adaptor.getAttribute(child, "transform");
    if (transform !== null && transform !== undefined && !parseTransform(transform)) return false;
    if (kind === "use" || kind === "rect") return true;
    return (
      kind === "g" &&
      names.every((name) => name === "transform" || TOOL_ATTRIBUTE.test(name)) &&
      flattenable(child)
    );
  });
// The glyphs and rules under node, in drawing order, each given its composed transform.
const leaves = (node, m, out) => {
  for (const child of elements(node)) {
    const t = parseTransform(adaptor.getAttribute(child, "transform") || "");
    const composed = multiply(m, t);
    if (adaptor.kind(child) === "g") {
      leaves(child, composed, out);
    } else {
      const text = formatTransform(composed);
      if (text) adaptor.setAttribute(child, "transform", text);
      else adaptor.removeAttribute(child, "transform");
      out.push(child);
    }
  }
  return out;
};
// Each SVG of a typeset formula (an inline formula broken over lines has several): the children of
// its outer <g> (the one that sets the colour and flips the y axis) become a flat list of glyphs
// and rules. A subtree with anything else (a link, a colour, a nested SVG) is left as it is.
const flattenSvg = (container) => {
  for (const svgNode of elements(container).filter((n) => adaptor.kind(n) === "svg")) {
    const outer = elements(svgNode);
    if (outer.length !== 1 || adaptor.kind(outer[0]) !== "g" || !flattenable(outer[0])) continue;
    const flat = leaves(outer[0], IDENTITY, []);
    for (const child of [...adaptor.childNodes(outer[0])]) adaptor.remove(child);
    for (const leaf of flat) adaptor.append(outer[0], leaf);
  }
};
const svg = MathJax.startup.output;
const result = { css: "", pages: {}, errors: [] };

for (const [name, formulas] of Object.entries(request.pages)) {
  svg.fontCache.clearCache();
  const rendered = [];
  for (const [index, [tex, display]] of formulas.entries()) {
    try {
      const node = await MathJax.tex2svgPromise(tex, { display });
      flattenSvg(node);
      rendered.push(adaptor.outerHTML(node));
    } catch (error) {
      rendered.push("");
      result.errors.push({ page: name, index, tex, message: String(error.message || error) });
    }
  }
  const defs = svg.fontCache.getCache();
  const sprite = adaptor.childNodes(defs).length
    ? `<svg xmlns="http://www.w3.org/2000/svg" class="mjx-glyphs" aria-hidden="true">${adaptor.outerHTML(defs)}</svg>`
    : "";
  result.pages[name] = { formulas: rendered, defs: sprite };
}
result.css = adaptor.textContent(MathJax.svgStylesheet());

process.stdout.write(JSON.stringify(result));
