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
const svg = MathJax.startup.output;
const result = { css: "", pages: {}, errors: [] };

for (const [name, formulas] of Object.entries(request.pages)) {
  svg.fontCache.clearCache();
  const rendered = [];
  for (const [index, [tex, display]] of formulas.entries()) {
    try {
      const node = await MathJax.tex2svgPromise(tex, { display });
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
